import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import type { DealProjection } from '../../domain/deal/projection';
import { OPEN_DEAL_STAGES, type DealStage } from '../../domain/deal/types';
import { canSeeRegions, isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { decodeCursor, cursorPage } from '../http/cursor';
import {
  dealIdParamsSchema,
  dealIdSchema,
  dealLessonPageSchema,
  dealLessonsQuerySchema,
  dealSummaryPageSchema,
  dealTimelinePageSchema,
  dealTimelineQuerySchema,
  listDealsQuerySchema,
} from './read-schemas';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { eventPageArgs, timelinePage, timelineResponses } from '../http/timeline-page';
import { and, day } from '../http/sql';

/*
 * Reads of the deal-support read model (the rows activities/deal/projection.ts writes): case lists,
 * each case's timeline, and the search over closed cases' lessons. Nothing here asks Temporal.
 * Region-scoped callers see only the cases of their regions; another region's case is a 404.
 */

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const dealCursorSchema = z.tuple([z.iso.datetime().refine((at) => at >= '0001', 'before the year 0001'), dealIdSchema]);

interface DealOutcomeColumns {
  outcomeStage: string | null;
  outcomeAt: Date | null;
  outcomeBy: string | null;
  lossReason: string | null;
  outcomeReason: string | null;
  handoffRequested: boolean;
}

/** The text and number columns hold what the projection wrote; dates come back as Dates. */
interface DealCaseRow
  extends
    DealOutcomeColumns,
    Pick<
      DealProjection,
      'workflowId' | 'account' | 'region' | 'opportunityId' | 'amount' | 'currency' | 'dealStage' | 'competitors'
    > {
  id: string;
  supportTypes: string[];
  dueDate: Date;
  salesOwner: string;
  stage: DealStage;
  stageEnteredAt: Date;
  stageHistory: { stage: string; enteredAt: string; by: string }[];
  requestedAt: Date;
  responseDueDate: Date;
  responseOverdue: boolean;
  triagedAt: Date | null;
  triagedBy: string | null;
  supportItems: DealProjection['supportItems'];
  pricing: DealProjection['pricing'];
  lessonDue: boolean;
  lessonRecorded: boolean;
  lessonMissing: boolean;
  endedAt: Date | null;
  updatedAt: Date;
}

interface DealLessonRow extends DealOutcomeColumns {
  id: string;
  account: string;
  region: string;
  opportunityId: string;
  amount: number;
  currency: string | null;
  salesOwner: string;
  competitors: string[];
  supportTypes: string[];
  lessonText: string;
  lessonBy: string;
  lessonAt: Date;
}

/** Only the regions a region-scoped caller works in; `d` is deal_case. Company-wide roles see every region. */
function regionScope(principal: Principal): Prisma.Sql[] {
  return isRegionScoped(principal) ? [Prisma.sql`d.region = ANY(${principal.regions}::text[])`] : [];
}

const outcomeOf = (row: DealOutcomeColumns) =>
  row.outcomeStage && row.outcomeAt
    ? {
        stage: row.outcomeStage,
        at: row.outcomeAt.toISOString(),
        by: row.outcomeBy ?? '',
        lossReason: row.lossReason,
        reason: row.outcomeReason,
        handoffRequested: row.handoffRequested,
      }
    : null;

const OUTCOME_COLUMNS = Prisma.sql`d.outcome_stage AS "outcomeStage", d.outcome_at AS "outcomeAt", d.outcome_by AS "outcomeBy",
  d.loss_reason AS "lossReason", d.outcome_reason AS "outcomeReason", d.handoff_requested AS "handoffRequested"`;

function summaryOf(row: DealCaseRow) {
  return {
    dealId: row.id,
    workflowId: row.workflowId,
    account: row.account,
    region: row.region,
    opportunityId: row.opportunityId,
    amount: row.amount,
    currency: row.currency,
    dealStage: row.dealStage,
    competitors: row.competitors ?? [],
    supportTypes: row.supportTypes ?? [],
    dueDate: day(row.dueDate),
    salesOwner: row.salesOwner,
    stage: row.stage,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    stageHistory: row.stageHistory,
    requestedAt: row.requestedAt.toISOString(),
    responseDueDate: day(row.responseDueDate),
    responseOverdue: row.responseOverdue,
    triagedAt: row.triagedAt?.toISOString() ?? null,
    triagedBy: row.triagedBy,
    supportItems: row.supportItems,
    pricing: row.pricing,
    outcome: outcomeOf(row),
    lessonDue: row.lessonDue,
    lessonRecorded: row.lessonRecorded,
    lessonMissing: row.lessonMissing,
    endedAt: row.endedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function lessonOf(row: DealLessonRow) {
  return {
    dealId: row.id,
    account: row.account,
    region: row.region,
    opportunityId: row.opportunityId,
    amount: row.amount,
    currency: row.currency,
    salesOwner: row.salesOwner,
    competitors: row.competitors ?? [],
    supportTypes: row.supportTypes ?? [],
    outcome: outcomeOf(row),
    lesson: { text: row.lessonText, by: row.lessonBy, at: row.lessonAt.toISOString() },
  };
}

/** The list's filters and the caller's region scope as SQL (the list and its CSV export share them). */
export function dealListConditions(query: DealListFilters, principal: Principal): Prisma.Sql[] {
  const openStages = [...OPEN_DEAL_STAGES];
  return [
    ...regionScope(principal),
    ...(query.region ? [Prisma.sql`d.region = ${query.region}`] : []),
    ...(query.stage ? [Prisma.sql`d.stage = ANY(${query.stage}::text[])`] : []),
    ...(query.salesOwner ? [Prisma.sql`d.sales_owner = ${query.salesOwner}`] : []),
    ...(query.supportType ? [Prisma.sql`${query.supportType} = ANY(d.support_types)`] : []),
    ...(query.open === undefined
      ? []
      : [
          query.open
            ? Prisma.sql`d.stage = ANY(${openStages}::text[])`
            : Prisma.sql`NOT (d.stage = ANY(${openStages}::text[]))`,
        ]),
    ...(query.responseOverdue === undefined ? [] : [Prisma.sql`d.response_overdue = ${query.responseOverdue}`]),
  ];
}

/** The filters of the list (without its paging). */
export type DealListFilters = Omit<z.output<typeof listDealsQuerySchema>, 'limit' | 'cursor'>;

export function dealReadRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/deals',
      operationId: 'listDeals',
      summary: 'List deal-support cases',
      tag: 'Deals',
      permission: 'deal:read',
      query: listDealsQuerySchema,
      responses: {
        200: {
          description: 'Newest request first (by request time, then id, descending)',
          schema: dealSummaryPageSchema,
        },
      },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, dealCursorSchema) : undefined;
        const conditions = [
          ...dealListConditions(query, principal),
          ...(after ? [Prisma.sql`(d.requested_at, d.id) < (${new Date(after[0])}, ${after[1]})`] : []),
        ];
        const rows = await db.$queryRaw<DealCaseRow[]>`
          SELECT d.id, d.workflow_id AS "workflowId", d.account, d.region, d.opportunity_id AS "opportunityId", d.amount, d.currency,
                 d.deal_stage AS "dealStage", d.competitors, d.support_types AS "supportTypes", d.due_date AS "dueDate",
                 d.sales_owner AS "salesOwner", d.stage, d.stage_entered_at AS "stageEnteredAt", d.stage_history AS "stageHistory",
                 d.requested_at AS "requestedAt", d.response_due_date AS "responseDueDate", d.response_overdue AS "responseOverdue",
                 d.triaged_at AS "triagedAt", d.triaged_by AS "triagedBy", d.support_items AS "supportItems", d.pricing,
                 ${OUTCOME_COLUMNS}, d.lesson_due AS "lessonDue", (d.lesson_text IS NOT NULL) AS "lessonRecorded",
                 d.lesson_missing AS "lessonMissing", d.ended_at AS "endedAt", d.updated_at AS "updatedAt"
          FROM deal_case d
          WHERE ${and(conditions)}
          ORDER BY d.requested_at DESC, d.id DESC
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(rows, query.limit, summaryOf, (last) => [last.requestedAt, last.dealId]),
        };
      },
    }),

    // Before any /api/deals/:id route, so "lessons" is never read as a case id.
    defineRoute({
      method: 'get',
      path: '/api/deals/lessons',
      operationId: 'searchDealLessons',
      summary: 'Search the lessons of closed deal-support cases',
      tag: 'Deals',
      permission: 'deal:read',
      query: dealLessonsQuerySchema,
      responses: {
        200: {
          description:
            "Closed cases' lessons (full-text over the lesson, every word of q), newest lesson first (by lesson time, then id, descending)",
          schema: dealLessonPageSchema,
        },
      },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, dealCursorSchema) : undefined;
        const conditions = [
          Prisma.sql`d.outcome_stage IS NOT NULL`,
          Prisma.sql`d.lesson_text IS NOT NULL`,
          ...regionScope(principal),
          ...(query.q ? [Prisma.sql`d.lesson_search @@ plainto_tsquery('simple', ${query.q})`] : []),
          ...(query.region ? [Prisma.sql`d.region = ${query.region}`] : []),
          ...(query.lossReason ? [Prisma.sql`d.loss_reason = ${query.lossReason}`] : []),
          ...(query.supportType ? [Prisma.sql`${query.supportType} = ANY(d.support_types)`] : []),
          ...(after ? [Prisma.sql`(d.lesson_at, d.id) < (${new Date(after[0])}, ${after[1]})`] : []),
        ];
        const rows = await db.$queryRaw<DealLessonRow[]>`
          SELECT d.id, d.account, d.region, d.opportunity_id AS "opportunityId", d.amount, d.currency, d.sales_owner AS "salesOwner",
                 d.competitors, d.support_types AS "supportTypes", ${OUTCOME_COLUMNS},
                 d.lesson_text AS "lessonText", d.lesson_by AS "lessonBy", d.lesson_at AS "lessonAt"
          FROM deal_case d
          WHERE ${and(conditions)}
          ORDER BY d.lesson_at DESC, d.id DESC
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(rows, query.limit, lessonOf, (last) => [last.lesson.at, last.dealId]),
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/deals/:id/timeline',
      operationId: 'getDealTimeline',
      summary: 'Read the timeline of a deal-support case',
      tag: 'Deals',
      permission: 'deal:read',
      params: dealIdParamsSchema,
      query: dealTimelineQuerySchema,
      responses: timelineResponses(dealTimelinePageSchema, 'No such case, or not in your regions'),
      async handle({ params, query, principal }) {
        const found = await db.dealCase.findUnique({ where: { id: params.id }, select: { region: true } });
        if (!found || !canSeeRegions(principal, [found.region]))
          throw new Problem(
            404,
            'Not found',
            apiSays('api.not-found.case', { noun: 'deal-support case', id: params.id }),
          );
        const rows = await db.dealEvent.findMany(
          eventPageArgs(query, { dealId: params.id, ...(query.supportType ? { supportType: query.supportType } : {}) }),
        );
        return { status: 200, body: timelinePage(rows, query.limit, (row) => ({ supportType: row.supportType })) };
      },
    }),
  ];
}
