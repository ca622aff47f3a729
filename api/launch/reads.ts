import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { canSeeRegions, isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { decodeCursor, cursorPage } from '../http/cursor';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import {
  launchIdParamsSchema,
  launchSummaryPageSchema,
  listLaunchesQuerySchema,
  type LAUNCH_STATUSES,
  timelinePageSchema,
  timelineQuerySchema,
} from './read-schemas';
import { eventPageArgs, timelinePage, timelineResponses } from '../http/timeline-page';
import { queryDateSchema } from '../shared/fields';
import { and, day } from '../http/sql';

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const key = z
  .string()
  .max(300)
  .refine((text) => !text.includes('\u0000'), 'contains a NUL character');
const launchCursorSchema = z.tuple([queryDateSchema, key]);

interface LaunchRunRow {
  id: string;
  workflowId: string;
  productName: string;
  regions: string[];
  launchDate: Date;
  status: (typeof LAUNCH_STATUSES)[number];
  itemsTotal: number;
  itemsDone: number;
  itemsOverdue: number;
  nextDueDate: Date | null;
  templateKey: string | null;
  templateVersion: number | null;
  owners: Record<string, string>;
  startedAt: Date;
  updatedAt: Date;
}

/** A region-scoped caller sees company-wide runs (no regions) and runs in one of its regions; `r` is launch_run. */
function regionScope(principal: Principal): Prisma.Sql[] {
  return isRegionScoped(principal)
    ? [Prisma.sql`(cardinality(r.regions) = 0 OR r.regions && ${principal.regions}::text[])`]
    : [];
}

function summaryOf(row: LaunchRunRow) {
  return {
    launchId: row.id,
    workflowId: row.workflowId,
    productName: row.productName,
    launchDate: day(row.launchDate),
    regions: row.regions,
    status: row.status,
    itemsTotal: row.itemsTotal,
    itemsDone: row.itemsDone,
    itemsOverdue: row.itemsOverdue,
    nextDueDate: row.nextDueDate ? day(row.nextDueDate) : null,
    template:
      row.templateKey !== null && row.templateVersion !== null
        ? { key: row.templateKey, version: row.templateVersion }
        : null,
    owners: row.owners,
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The list's filters and the caller's region scope as SQL (the list and its CSV export share them). */
export function launchListConditions(query: LaunchListFilters, principal: Principal): Prisma.Sql[] {
  return [
    ...regionScope(principal),
    ...(query.status ? [Prisma.sql`r.status = ${query.status}`] : []),
    ...(query.overdue === undefined
      ? []
      : [query.overdue ? Prisma.sql`r.items_overdue > 0` : Prisma.sql`r.items_overdue = 0`]),
    ...(query.region ? [Prisma.sql`${query.region} = ANY(r.regions)`] : []),
    ...(query.launchDateFrom ? [Prisma.sql`r.launch_date >= ${query.launchDateFrom}::date`] : []),
    ...(query.launchDateTo ? [Prisma.sql`r.launch_date <= ${query.launchDateTo}::date`] : []),
    ...(query.owner
      ? [
          Prisma.sql`(EXISTS (SELECT 1 FROM launch_item i WHERE i.launch_id = r.id AND i.assignee = ${query.owner})
                      OR EXISTS (SELECT 1 FROM jsonb_each_text(r.owners) AS o(role, person) WHERE o.person = ${query.owner}))`,
        ]
      : []),
  ];
}

/** The filters of the list (without its paging). */
export type LaunchListFilters = Omit<z.output<typeof listLaunchesQuerySchema>, 'limit' | 'cursor'>;

/**
 * Reads of the run read model (the rows activities/launch/projection.ts writes): lists of launches,
 * each run's timeline, and people's and roles' open tasks across runs. Nothing here asks Temporal.
 */
export function launchReadRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/launches',
      operationId: 'listLaunches',
      summary: 'List launches',
      tag: 'Launches',
      permission: 'launch:read',
      query: listLaunchesQuerySchema,
      responses: { 200: { description: 'Ordered by launch date, then id', schema: launchSummaryPageSchema } },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, launchCursorSchema) : undefined;
        const conditions = [
          ...launchListConditions(query, principal),
          ...(after ? [Prisma.sql`(r.launch_date, r.id) > (${after[0]}::date, ${after[1]})`] : []),
        ];
        const rows = await db.$queryRaw<LaunchRunRow[]>`
          SELECT r.id, r.workflow_id AS "workflowId", r.product_name AS "productName", r.regions, r.launch_date AS "launchDate",
                 r.status, r.items_total AS "itemsTotal", r.items_done AS "itemsDone", r.items_overdue AS "itemsOverdue",
                 r.next_due_date AS "nextDueDate", r.template_key AS "templateKey", r.template_version AS "templateVersion",
                 r.owners, r.started_at AS "startedAt", r.updated_at AS "updatedAt"
          FROM launch_run r
          WHERE ${and(conditions)}
          ORDER BY r.launch_date, r.id
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(rows, query.limit, summaryOf, (last) => [last.launchDate, last.launchId]),
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/launches/:id/timeline',
      operationId: 'getLaunchTimeline',
      summary: 'Read the timeline of a launch',
      tag: 'Launches',
      permission: 'launch:read',
      params: launchIdParamsSchema,
      query: timelineQuerySchema,
      responses: timelineResponses(timelinePageSchema, 'No such launch, or not in your regions'),
      async handle({ params, query, principal }) {
        const run = await db.launchRun.findUnique({ where: { id: params.id }, select: { regions: true } });
        if (!run || !canSeeRegions(principal, run.regions))
          throw new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: 'launch', id: params.id }));
        const rows = await db.launchEvent.findMany(
          eventPageArgs(query, { launchId: params.id, ...(query.itemKey ? { itemKey: query.itemKey } : {}) }),
        );
        return {
          status: 200,
          body: timelinePage(rows, query.limit, (row) => ({ itemKey: row.itemKey, gateKey: row.gateKey })),
        };
      },
    }),
  ];
}
