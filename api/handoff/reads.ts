import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import type { HandoffProjection } from '../../domain/handoff/projection';
import { OPEN_HANDOFF_STAGES } from '../../domain/handoff/types';
import { canSeeRegions, isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { decodeCursor, cursorPage } from '../http/cursor';
import {
  handoffIdParamsSchema,
  handoffIdSchema,
  handoffSummaryPageSchema,
  handoffTimelinePageSchema,
  handoffTimelineQuerySchema,
  listHandoffsQuerySchema,
} from './read-schemas';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { eventPageArgs, timelinePage, timelineResponses } from '../http/timeline-page';
import { and, day } from '../http/sql';

/*
 * Reads of the delivery-handoff read model (the rows activities/handoff/projection.ts writes):
 * handoff lists and each handoff's timeline. Nothing here asks Temporal. Region-scoped callers see
 * only the handoffs of their regions; another region's handoff is a 404.
 */

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const handoffCursorSchema = z.tuple([
  z.iso.datetime().refine((at) => at >= '0001', 'before the year 0001'),
  handoffIdSchema,
]);

/** A handoff row as the list reads it: the projection's fields, with dates as Postgres returns them. */
interface HandoffRow extends Pick<
  HandoffProjection,
  | 'workflowId'
  | 'account'
  | 'opportunity'
  | 'region'
  | 'amount'
  | 'currency'
  | 'salesOwner'
  | 'projectManager'
  | 'sourcePlaybook'
  | 'sourceId'
  | 'stage'
  | 'stageHistory'
  | 'packageItems'
  | 'missingItems'
  | 'returnCount'
  | 'milestones'
  | 'atRisk'
  | 'overdue'
  | 'customerAcceptance'
  | 'handover'
  | 'renewalWorkflowId'
> {
  id: string;
  stageEnteredAt: Date;
  startedAt: Date;
  slaKind: string | null;
  slaDueDate: Date | null;
  slaOverdue: boolean;
  targetGoLive: Date | null;
  projectedGoLive: Date | null;
  kickoffDate: Date | null;
  nextMilestoneKey: string | null;
  nextMilestoneDue: Date | null;
  outcomeStage: string | null;
  outcomeAt: Date | null;
  outcomeBy: string | null;
  outcomeReason: string | null;
  endedAt: Date | null;
  updatedAt: Date;
}

/** Only the regions a region-scoped caller works in; `h` is handoff. Company-wide roles see every region. */
function regionScope(principal: Principal): Prisma.Sql[] {
  return isRegionScoped(principal) ? [Prisma.sql`h.region = ANY(${principal.regions}::text[])`] : [];
}

const dayOrNull = (value: Date | null) => (value ? day(value) : null);

function summaryOf(row: HandoffRow) {
  return {
    handoffId: row.id,
    workflowId: row.workflowId,
    account: row.account,
    opportunity: row.opportunity,
    region: row.region,
    amount: row.amount,
    currency: row.currency,
    salesOwner: row.salesOwner,
    projectManager: row.projectManager,
    source: { playbook: row.sourcePlaybook, id: row.sourceId },
    stage: row.stage,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    stageHistory: row.stageHistory,
    startedAt: row.startedAt.toISOString(),
    packageItems: row.packageItems,
    missingItems: row.missingItems ?? [],
    returnCount: row.returnCount,
    sla:
      row.slaKind && row.slaDueDate
        ? { kind: row.slaKind, dueDate: day(row.slaDueDate), overdue: row.slaOverdue }
        : null,
    targetGoLive: dayOrNull(row.targetGoLive),
    projectedGoLive: dayOrNull(row.projectedGoLive),
    kickoffDate: dayOrNull(row.kickoffDate),
    milestones: row.milestones,
    nextMilestone:
      row.nextMilestoneKey && row.nextMilestoneDue
        ? { key: row.nextMilestoneKey, dueDate: day(row.nextMilestoneDue) }
        : null,
    atRisk: row.atRisk,
    overdue: row.overdue,
    customerAcceptance: row.customerAcceptance,
    handover: row.handover,
    renewalWorkflowId: row.renewalWorkflowId,
    outcome:
      row.outcomeStage && row.outcomeAt
        ? {
            stage: row.outcomeStage,
            at: row.outcomeAt.toISOString(),
            by: row.outcomeBy ?? '',
            reason: row.outcomeReason,
          }
        : null,
    endedAt: row.endedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The list's filters and the caller's region scope as SQL (the list and its CSV export share them). */
export function handoffListConditions(query: HandoffListFilters, principal: Principal): Prisma.Sql[] {
  const openStages = [...OPEN_HANDOFF_STAGES];
  const flag = (column: Prisma.Sql, value: boolean | undefined) =>
    value === undefined ? [] : [Prisma.sql`${column} = ${value}`];
  return [
    ...regionScope(principal),
    ...(query.region ? [Prisma.sql`h.region = ${query.region}`] : []),
    ...(query.stage ? [Prisma.sql`h.stage = ANY(${query.stage}::text[])`] : []),
    ...(query.projectManager ? [Prisma.sql`h.project_manager = ${query.projectManager}`] : []),
    ...(query.salesOwner ? [Prisma.sql`h.sales_owner = ${query.salesOwner}`] : []),
    ...(query.open === undefined
      ? []
      : [
          query.open
            ? Prisma.sql`h.stage = ANY(${openStages}::text[])`
            : Prisma.sql`NOT (h.stage = ANY(${openStages}::text[]))`,
        ]),
    ...flag(Prisma.sql`h.at_risk`, query.atRisk),
    ...flag(Prisma.sql`h.overdue`, query.overdue),
  ];
}

/** The filters of the list (without its paging). */
export type HandoffListFilters = Omit<z.output<typeof listHandoffsQuerySchema>, 'limit' | 'cursor'>;

export function handoffReadRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/handoffs',
      operationId: 'listHandoffs',
      summary: 'List delivery handoffs',
      tag: 'Handoffs',
      permission: 'handoff:read',
      query: listHandoffsQuerySchema,
      responses: {
        200: {
          description: 'Newest start first (by start time, then id, descending)',
          schema: handoffSummaryPageSchema,
        },
      },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, handoffCursorSchema) : undefined;
        const conditions = [
          ...handoffListConditions(query, principal),
          ...(after ? [Prisma.sql`(h.started_at, h.id) < (${new Date(after[0])}, ${after[1]})`] : []),
        ];
        const rows = await db.$queryRaw<HandoffRow[]>`
          SELECT h.id, h.workflow_id AS "workflowId", h.account, h.opportunity, h.region, h.amount, h.currency,
                 h.sales_owner AS "salesOwner", h.project_manager AS "projectManager", h.source_playbook AS "sourcePlaybook",
                 h.source_id AS "sourceId", h.stage, h.stage_entered_at AS "stageEnteredAt", h.stage_history AS "stageHistory",
                 h.started_at AS "startedAt", h.package_items AS "packageItems", h.missing_items AS "missingItems",
                 h.return_count AS "returnCount", h.sla_kind AS "slaKind", h.sla_due_date AS "slaDueDate",
                 h.sla_overdue AS "slaOverdue", h.target_go_live AS "targetGoLive", h.projected_go_live AS "projectedGoLive",
                 h.kickoff_date AS "kickoffDate", h.milestones, h.next_milestone_key AS "nextMilestoneKey",
                 h.next_milestone_due AS "nextMilestoneDue", h.at_risk AS "atRisk", h.overdue,
                 h.customer_acceptance AS "customerAcceptance", h.handover, h.renewal_workflow_id AS "renewalWorkflowId",
                 h.outcome_stage AS "outcomeStage", h.outcome_at AS "outcomeAt", h.outcome_by AS "outcomeBy",
                 h.outcome_reason AS "outcomeReason", h.ended_at AS "endedAt", h.updated_at AS "updatedAt"
          FROM handoff h
          WHERE ${and(conditions)}
          ORDER BY h.started_at DESC, h.id DESC
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(rows, query.limit, summaryOf, (last) => [last.startedAt, last.handoffId]),
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/handoffs/:id/timeline',
      operationId: 'getHandoffTimeline',
      summary: 'Read the timeline of a delivery handoff',
      tag: 'Handoffs',
      permission: 'handoff:read',
      params: handoffIdParamsSchema,
      query: handoffTimelineQuerySchema,
      responses: timelineResponses(handoffTimelinePageSchema, 'No such handoff, or not in your regions'),
      async handle({ params, query, principal }) {
        const found = await db.handoff.findUnique({ where: { id: params.id }, select: { region: true } });
        if (!found || !canSeeRegions(principal, [found.region]))
          throw new Problem(
            404,
            'Not found',
            apiSays('api.not-found.case', { noun: 'delivery handoff', id: params.id }),
          );
        const rows = await db.handoffEvent.findMany(
          eventPageArgs(query, {
            handoffId: params.id,
            ...(query.milestoneKey ? { milestoneKey: query.milestoneKey } : {}),
          }),
        );
        return { status: 200, body: timelinePage(rows, query.limit, (row) => ({ milestoneKey: row.milestoneKey })) };
      },
    }),
  ];
}
