import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import type { Role } from '../../domain/shared/roles';
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
  listTasksQuerySchema,
  OPEN_ITEM_STATUSES,
  type LAUNCH_STATUSES,
  taskPageSchema,
  type TASK_REASONS,
  timelinePageSchema,
  timelineQuerySchema,
} from './read-schemas';
import { eventPageArgs, timelinePage, timelineResponses } from '../http/timeline-page';
import { queryDateSchema } from '../shared/fields';
import { and, day } from '../http/sql';

/** Runs whose open items are still someone's work. */
const WORKING_RUN_STATUSES = ['active', 'launched'] as const;

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const key = z
  .string()
  .max(300)
  .refine((text) => !text.includes('\u0000'), 'contains a NUL character');
const launchCursorSchema = z.tuple([queryDateSchema, key]);
const taskCursorSchema = z.tuple([z.union([z.literal(0), z.literal(1)]), queryDateSchema, key, key]);

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

interface TaskRow {
  launchId: string;
  productName: string;
  launchDate: Date;
  itemKey: string;
  title: string;
  phase: string;
  ownerRole: string;
  assignee: string | null;
  status: (typeof OPEN_ITEM_STATUSES)[number];
  required: boolean;
  dueDate: Date;
  overdue: boolean;
  awaitingSignOff: boolean;
  signOffBy: string | null;
  why: (typeof TASK_REASONS)[number];
}

/** Whose work a task list shows: a person's items, a role's items, and the sign-offs the role owes. */
interface TaskSelection {
  person?: string;
  roles: readonly Role[];
  /** With a person, only the role's unassigned items (assigned ones are someone's own work). */
  roleItems: 'all' | 'unassigned';
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

    defineRoute({
      method: 'get',
      path: '/api/tasks',
      operationId: 'listTasks',
      summary: 'List open tasks',
      tag: 'Tasks',
      permission: 'launch:read',
      query: listTasksQuerySchema,
      responses: {
        200: {
          description:
            'Open items of active and launched runs, overdue first, then by due date. Without assignee or role: yours, ' +
            'i.e. items assigned to you, unassigned items of your roles, and items awaiting a sign-off from one of your roles',
          schema: taskPageSchema,
        },
      },
      async handle({ query, principal }) {
        const selection: TaskSelection =
          query.assignee === undefined && query.role === undefined
            ? { person: principal.subject, roles: principal.roles, roleItems: 'unassigned' }
            : {
                person: query.assignee,
                roles: query.role ? [query.role] : [],
                roleItems: query.assignee === undefined ? 'all' : 'unassigned',
              };
        const after = query.cursor ? decodeCursor(query.cursor, taskCursorSchema) : undefined;
        const assigned =
          selection.person === undefined ? Prisma.sql`FALSE` : Prisma.sql`i.assignee = ${selection.person}`;
        const roles = Prisma.sql`${selection.roles}::text[]`;
        const ownedByRole = Prisma.sql`i.owner_role = ANY(${roles})${selection.roleItems === 'unassigned' ? Prisma.sql` AND i.assignee IS NULL` : Prisma.empty}`;
        const conditions = [
          Prisma.sql`r.status IN (${Prisma.join(WORKING_RUN_STATUSES)})`,
          Prisma.sql`i.status IN (${Prisma.join(OPEN_ITEM_STATUSES)})`,
          // An item awaiting sign-off is done by its owner: it is the signer's task, and only theirs.
          Prisma.sql`(CASE WHEN i.awaiting_sign_off THEN i.sign_off_by = ANY(${roles}) ELSE (${assigned} OR (${ownedByRole})) END)`,
          ...regionScope(principal),
          ...(after
            ? [
                Prisma.sql`(NOT i.overdue, i.due_date, i.launch_id, i.key) > (${after[0] === 0}, ${after[1]}::date, ${after[2]}, ${after[3]})`,
              ]
            : []),
        ];
        const rows = await db.$queryRaw<TaskRow[]>`
          SELECT i.launch_id AS "launchId", r.product_name AS "productName", r.launch_date AS "launchDate", i.key AS "itemKey",
                 i.title, i.phase, i.owner_role AS "ownerRole", i.assignee, i.status, i.required, i.due_date AS "dueDate", i.overdue,
                 i.awaiting_sign_off AS "awaitingSignOff", i.sign_off_by AS "signOffBy",
                 CASE WHEN i.awaiting_sign_off THEN 'sign-off' WHEN ${assigned} THEN 'assigned' ELSE 'role' END AS why
          FROM launch_item i JOIN launch_run r ON r.id = i.launch_id
          WHERE ${and(conditions)}
          ORDER BY NOT i.overdue, i.due_date, i.launch_id, i.key
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(
            rows,
            query.limit,
            (row) => ({ ...row, launchDate: day(row.launchDate), dueDate: day(row.dueDate) }),
            (last) => [last.overdue ? 1 : 0, last.dueDate, last.launchId, last.itemKey],
          ),
        };
      },
    }),
  ];
}
