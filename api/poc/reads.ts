import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { type PocStage } from '../../domain/poc/types';
import { canSeeRegions, isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { decodeCursor, cursorPage } from '../http/cursor';
import {
  listPocsQuerySchema,
  MAX_DASHBOARD_MONTHS,
  pocDashboardQuerySchema,
  pocDashboardSchema,
  pocIdParamsSchema,
  pocSummaryPageSchema,
  pocTimelinePageSchema,
  pocTimelineQuerySchema,
} from './read-schemas';
import { apiSays } from '../http/api-text';
import { invalidRequest, Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { eventPageArgs, timelinePage, timelineResponses } from '../http/timeline-page';
import { caseIdSchema } from '../shared/fields';
import { and, day } from '../http/sql';
import { dashboardFigures, endOf, startOf } from './dashboard-figures';

/*
 * Reads of the POC read model (the rows activities/poc/projection.ts writes): trial lists, each
 * trial's timeline, and the regional dashboard. Nothing here asks Temporal.
 *
 * Dashboard semantics, for a window of inclusive UTC dates [from, to]:
 * - snapshot figures describe now (`asOf`) and ignore the window: how many trials are in each open
 *   stage, overdue check-ins, and the trials at risk with their days in the current stage;
 * - outcome figures count trials by the date they ended (outcome date) within the window: trials per
 *   final stage, the conversion rate converted / (converted + lost + expired) (cancelled and rejected
 *   trials never had a fair trial and stay out of it), loss reasons, and the monthly trend (which
 *   counts requests by request date);
 * - days per stage are measured over stage visits that ended within the window (the next stage was
 *   entered). Visits still open are left out: a stay that has not ended has no length yet, and
 *   counting it "to now" would make the figure drift by the hour. Final stages are never left, so they
 *   have none. How long open trials have sat in their stage shows in the at-risk list instead.
 */

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const pocCursorSchema = z.tuple([z.iso.datetime().refine((at) => at >= '0001', 'before the year 0001'), caseIdSchema]);

interface PocTrialRow {
  id: string;
  workflowId: string;
  account: string;
  region: string;
  industry: string;
  product: string;
  opportunityId: string;
  amount: number;
  currency: string | null;
  salesOwner: string;
  presales: string[];
  opsSupporters: string[];
  stage: PocStage;
  stageEnteredAt: Date;
  atRisk: boolean;
  riskReasons: string[];
  requestedAt: Date;
  approvalDueDate: Date;
  approvalOverdue: boolean;
  plannedStart: Date;
  endDate: Date;
  expiresOn: Date;
  kickoffAt: Date | null;
  nextCheckInDue: Date | null;
  missedCheckIns: number;
  criteriaTotal: number;
  criteriaMet: number;
  criteriaUnmet: number;
  extensionsGranted: number;
  pendingExtensionDays: number | null;
  outcomeStage: string | null;
  outcomeAt: Date | null;
  lossReason: string | null;
  updatedAt: Date;
}

function summaryOf(row: PocTrialRow) {
  return {
    trialId: row.id,
    workflowId: row.workflowId,
    account: row.account,
    region: row.region,
    industry: row.industry,
    product: row.product,
    opportunityId: row.opportunityId,
    amount: row.amount,
    currency: row.currency,
    salesOwner: row.salesOwner,
    presales: row.presales ?? [],
    opsSupporters: row.opsSupporters ?? [],
    stage: row.stage,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    atRisk: row.atRisk,
    riskReasons: row.riskReasons ?? [],
    requestedAt: row.requestedAt.toISOString(),
    approvalDueDate: day(row.approvalDueDate),
    approvalOverdue: row.approvalOverdue,
    plannedStart: day(row.plannedStart),
    endDate: day(row.endDate),
    expiresOn: day(row.expiresOn),
    kickoffAt: row.kickoffAt?.toISOString() ?? null,
    nextCheckInDue: row.nextCheckInDue ? day(row.nextCheckInDue) : null,
    missedCheckIns: row.missedCheckIns,
    criteria: { total: row.criteriaTotal, met: row.criteriaMet, unmet: row.criteriaUnmet },
    extensionsGranted: row.extensionsGranted,
    pendingExtensionDays: row.pendingExtensionDays,
    outcome:
      row.outcomeStage && row.outcomeAt
        ? { stage: row.outcomeStage, at: row.outcomeAt.toISOString(), lossReason: row.lossReason }
        : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Only the regions a region-scoped caller works in; `t` is poc_trial. Company-wide roles see every region. */
function regionScope(principal: Principal): Prisma.Sql[] {
  return isRegionScoped(principal) ? [Prisma.sql`t.region = ANY(${principal.regions}::text[])`] : [];
}

/** The first day of the month `monthsBefore` months before the month of `date`, and never before 0001-01-01. */
function monthStart(date: string, monthsBefore: number): string {
  const months = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - monthsBefore;
  const year = Math.floor(months / 12);
  return year < 1 ? '0001-01-01' : `${String(year).padStart(4, '0')}-${String((months % 12) + 1).padStart(2, '0')}-01`;
}

const monthsSpanned = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

/** The list's filters and the caller's region scope as SQL over poc_trial `t` (the list and its CSV export share them). */
export function pocListConditions(query: PocListFilters, principal: Principal): Prisma.Sql[] {
  return [
    ...regionScope(principal),
    ...(query.region ? [Prisma.sql`t.region = ${query.region}`] : []),
    ...(query.stage ? [Prisma.sql`t.stage = ANY(${query.stage}::text[])`] : []),
    ...(query.owner
      ? [
          Prisma.sql`(t.sales_owner = ${query.owner} OR ${query.owner} = ANY(t.presales) OR ${query.owner} = ANY(t.ops_supporters))`,
        ]
      : []),
    ...(query.product ? [Prisma.sql`t.product = ${query.product}`] : []),
    ...(query.industry ? [Prisma.sql`t.industry = ${query.industry}`] : []),
    ...(query.atRisk === undefined ? [] : [Prisma.sql`t.at_risk = ${query.atRisk}`]),
    ...(query.requestedFrom ? [Prisma.sql`t.requested_at >= ${startOf(query.requestedFrom)}`] : []),
    ...(query.requestedTo ? [Prisma.sql`t.requested_at < ${endOf(query.requestedTo)}`] : []),
    ...(query.endFrom ? [Prisma.sql`t.end_date >= ${query.endFrom}::date`] : []),
    ...(query.endTo ? [Prisma.sql`t.end_date <= ${query.endTo}::date`] : []),
  ];
}

/** The filters of the POC list (without its paging). */
export type PocListFilters = Omit<z.output<typeof listPocsQuerySchema>, 'limit' | 'cursor'>;

/**
 * `now` is the clock the snapshot figures (overdue check-ins, days in stage, the default window)
 * read; tests pass a fixed one.
 */
export function pocReadRoutes(db: Database, now: () => Date = () => new Date()) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/pocs',
      operationId: 'listPocs',
      summary: 'List POC trials',
      tag: 'POCs',
      permission: 'poc:read',
      query: listPocsQuerySchema,
      responses: {
        200: {
          description: 'Newest request first (by request time, then id, descending)',
          schema: pocSummaryPageSchema,
        },
      },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, pocCursorSchema) : undefined;
        const conditions = [
          ...pocListConditions(query, principal),
          ...(after ? [Prisma.sql`(t.requested_at, t.id) < (${new Date(after[0])}, ${after[1]})`] : []),
        ];
        const rows = await db.$queryRaw<PocTrialRow[]>`
          SELECT t.id, t.workflow_id AS "workflowId", t.account, t.region, t.industry, t.product, t.opportunity_id AS "opportunityId",
                 t.amount, t.currency, t.sales_owner AS "salesOwner", t.presales, t.ops_supporters AS "opsSupporters", t.stage,
                 t.stage_entered_at AS "stageEnteredAt", t.at_risk AS "atRisk", t.risk_reasons AS "riskReasons",
                 t.requested_at AS "requestedAt", t.approval_due_date AS "approvalDueDate", t.approval_overdue AS "approvalOverdue",
                 t.planned_start AS "plannedStart", t.end_date AS "endDate", t.expires_on AS "expiresOn", t.kickoff_at AS "kickoffAt",
                 t.next_check_in_due AS "nextCheckInDue", t.missed_check_ins AS "missedCheckIns", t.criteria_total AS "criteriaTotal",
                 t.criteria_met AS "criteriaMet", t.criteria_unmet AS "criteriaUnmet", t.extensions_granted AS "extensionsGranted",
                 t.pending_extension_days AS "pendingExtensionDays", t.outcome_stage AS "outcomeStage", t.outcome_at AS "outcomeAt",
                 t.loss_reason AS "lossReason", t.updated_at AS "updatedAt"
          FROM poc_trial t
          WHERE ${and(conditions)}
          ORDER BY t.requested_at DESC, t.id DESC
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(rows, query.limit, summaryOf, (last) => [last.requestedAt, last.trialId]),
        };
      },
    }),

    // Before any /api/pocs/:id route, so "dashboard" is never read as a trial id.
    defineRoute({
      method: 'get',
      path: '/api/pocs/dashboard',
      operationId: 'getPocDashboard',
      summary: 'Read the POC dashboard',
      tag: 'POCs',
      permission: 'poc:read',
      query: pocDashboardQuerySchema,
      responses: {
        200: {
          description:
            'Trials per stage, days per stage (median, p90), conversion, loss reasons, overdue check-ins, trials at risk and the ' +
            'monthly trend, for one region or every region you may see (with a breakdown per region)',
          schema: pocDashboardSchema,
        },
        404: { description: 'A region that is not yours' },
      },
      async handle({ query, principal }) {
        if (query.region !== undefined && !canSeeRegions(principal, [query.region])) {
          throw new Problem(
            404,
            'Not found',
            apiSays('api.not-found.region', { what: 'POC dashboard', region: query.region }),
          );
        }
        const asOf = now();
        const today = day(asOf);
        const to = query.to ?? today;
        const from = query.from ?? monthStart(to, 11);
        if (from > to || monthsSpanned(from, to) > MAX_DASHBOARD_MONTHS) {
          const message =
            from > to
              ? `from (${from}) is after to (${to}${query.to === undefined ? ', today' : ''})`
              : `the window from ${from} to ${to} spans more than ${MAX_DASHBOARD_MONTHS} months`;
          throw invalidRequest(message, [
            { path: 'from', message, code: 'custom' },
            { path: 'to', message, code: 'custom' },
          ]);
        }
        const figures = await dashboardFigures(db, {
          visible: and([...regionScope(principal), ...(query.region ? [Prisma.sql`t.region = ${query.region}`] : [])]),
          from,
          to,
          asOf,
        });
        return { status: 200, body: { region: query.region ?? null, from, to, asOf: asOf.toISOString(), ...figures } };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/pocs/:id/timeline',
      operationId: 'getPocTimeline',
      summary: 'Read the timeline of a POC trial',
      tag: 'POCs',
      permission: 'poc:read',
      params: pocIdParamsSchema,
      query: pocTimelineQuerySchema,
      responses: timelineResponses(pocTimelinePageSchema, 'No such trial, or not in your regions'),
      async handle({ params, query, principal }) {
        const trial = await db.pocTrial.findUnique({ where: { id: params.id }, select: { region: true } });
        if (!trial || !canSeeRegions(principal, [trial.region]))
          throw new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: 'POC trial', id: params.id }));
        const rows = await db.pocEvent.findMany(
          eventPageArgs(query, {
            trialId: params.id,
            ...(query.criterionKey ? { criterionKey: query.criterionKey } : {}),
          }),
        );
        return { status: 200, body: timelinePage(rows, query.limit, (row) => ({ criterionKey: row.criterionKey })) };
      },
    }),
  ];
}
