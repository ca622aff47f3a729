import { z } from 'zod';
import { monthAt, monthIndex } from '../../domain/shared/months';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import type { RenewalProjection } from '../../domain/renewal/projection';
import { CHURN_REASONS, type RenewalStage } from '../../domain/renewal/types';
import { canSeeRegions, isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { decodeCursor, cursorPage } from '../http/cursor';
import { apiSays } from '../http/api-text';
import { invalidRequest, Problem } from '../http/problem';
import {
  listRenewalsQuerySchema,
  MAX_RENEWAL_WINDOW_MONTHS,
  renewalCalendarSchema,
  renewalForecastSchema,
  renewalIdParamsSchema,
  renewalIdSchema,
  renewalSummaryPageSchema,
  renewalTermListSchema,
  renewalTimelinePageSchema,
  renewalTimelineQuerySchema,
  renewalWindowQuerySchema,
} from './read-schemas';
import { defineRoute } from '../http/route';
import { eventPageArgs, timelinePage, timelineResponses } from '../http/timeline-page';
import { and, day } from '../http/sql';
import { queryDateSchema } from '../shared/fields';

/*
 * Reads of the renewal read model (the rows activities/renewal/projection.ts writes): lists, each
 * renewal's timeline and terms, the renewal calendar and the forecast. Nothing here asks Temporal.
 *
 * The calendar and the forecast count contract terms (renewal_term: every decided term and each
 * renewal's current one) by the month their contract ends, in a window of whole months [from, to]:
 * - value: the term's annual value; open: not decided yet; at risk: undecided with the latest health
 *   assessment of the term in the at-risk band; renewed: decided renewed, expanded or downgraded
 *   (renewedValue sums their next-term values); churned (churnedValue sums the annual value lost);
 * - expected renewal value: decided terms count their next-term value (0 when churned); undecided
 *   terms not at risk count the proposed value when a proposal was sent, else their current value;
 *   undecided terms at risk count nothing until they are decided;
 * - gross revenue retention (GRR) over the decided terms: sum of min(next-term value, value) / sum of
 *   value, so expansions never lift it above 1; net revenue retention (NRR): sum of next-term value /
 *   sum of value. Both are null when no term in the slice is decided (or the decided ones are worth 0);
 * - values are summed as recorded, never converted: pass `currency` when contracts use several.
 * Money is rounded to 2 decimal places, ratios to 4.
 */

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const renewalCursorSchema = z.tuple([queryDateSchema, renewalIdSchema]);

const DECIDED_RENEWED = ['renewed', 'expanded', 'downgraded'];

/** The text columns hold what the projection wrote; dates come back as Dates. */
interface RenewalRow extends Pick<
  RenewalProjection,
  | 'workflowId'
  | 'account'
  | 'region'
  | 'contractId'
  | 'tier'
  | 'currency'
  | 'customerSuccessOwner'
  | 'sourcePlaybook'
  | 'sourceId'
> {
  id: string;
  stage: RenewalStage;
  stageEnteredAt: Date;
  termNumber: number;
  termStart: Date;
  contractEnd: Date;
  value: number;
  compressed: boolean;
  lastCall: boolean;
  lapsed: boolean;
  steps: RenewalProjection['term']['steps'];
  healthScore: number | null;
  healthBand: string | null;
  healthSource: string | null;
  healthAt: Date | null;
  atRisk: boolean;
  healthCheckStatus: string;
  healthCheckError: string | null;
  nextStepKey: string | null;
  nextStepDue: Date | null;
  nextStepOwnerRole: string | null;
  overdueSteps: number;
  startedAt: Date;
  endedAt: Date | null;
  updatedAt: Date;
}

interface Figures {
  contracts: number;
  value: number;
  open: number;
  openValue: number;
  atRisk: number;
  valueAtRisk: number;
  renewed: number;
  renewedValue: number;
  churned: number;
  churnedValue: number;
}

interface ForecastFigures extends Figures {
  expectedRenewalValue: number;
  grossRevenueRetention: number | null;
  netRevenueRetention: number | null;
}

function summaryOf(row: RenewalRow) {
  return {
    renewalId: row.id,
    workflowId: row.workflowId,
    account: row.account,
    region: row.region,
    contractId: row.contractId,
    tier: row.tier,
    currency: row.currency,
    customerSuccessOwner: row.customerSuccessOwner,
    source: { playbook: row.sourcePlaybook, id: row.sourceId },
    stage: row.stage,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    term: {
      number: row.termNumber,
      termStart: day(row.termStart),
      contractEnd: day(row.contractEnd),
      value: row.value,
      compressed: row.compressed,
      lastCall: row.lastCall,
      lapsed: row.lapsed,
    },
    steps: row.steps,
    health:
      row.healthScore !== null && row.healthAt
        ? {
            score: row.healthScore,
            band: row.healthBand ?? '',
            source: row.healthSource ?? '',
            at: row.healthAt.toISOString(),
          }
        : null,
    atRisk: row.atRisk,
    healthCheck: { status: row.healthCheckStatus, lastError: row.healthCheckError },
    nextStep:
      row.nextStepKey && row.nextStepDue
        ? { key: row.nextStepKey, dueDate: day(row.nextStepDue), ownerRole: row.nextStepOwnerRole ?? '' }
        : null,
    overdueSteps: row.overdueSteps,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Only the regions a region-scoped caller works in; `r` is renewal. Company-wide roles see every region. */
function regionScope(principal: Principal): Prisma.Sql[] {
  return isRegionScoped(principal) ? [Prisma.sql`r.region = ANY(${principal.regions}::text[])`] : [];
}

const money = (sum: Prisma.Sql) => Prisma.sql`round(COALESCE(${sum}, 0)::numeric, 2)::float8`;
const ratio = (numerator: Prisma.Sql, denominator: Prisma.Sql) =>
  Prisma.sql`round((${numerator} / NULLIF(${denominator}, 0))::numeric, 4)::float8`;

/** The calendar's figures over the rows of `t` (a CTE of renewal_term_month rows: counts and sums of terms). */
const FIGURES = Prisma.sql`
  COALESCE(sum(t.count), 0)::int AS contracts,
  ${money(Prisma.sql`sum(t.value)`)} AS value,
  COALESCE(sum(t.count) FILTER (WHERE t.outcome IS NULL), 0)::int AS open,
  ${money(Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NULL)`)} AS "openValue",
  COALESCE(sum(t.count) FILTER (WHERE t.outcome IS NULL AND t.at_risk), 0)::int AS "atRisk",
  ${money(Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NULL AND t.at_risk)`)} AS "valueAtRisk",
  COALESCE(sum(t.count) FILTER (WHERE t.outcome = ANY(${DECIDED_RENEWED}::text[])), 0)::int AS renewed,
  ${money(Prisma.sql`sum(t.new_value) FILTER (WHERE t.outcome = ANY(${DECIDED_RENEWED}::text[]))`)} AS "renewedValue",
  COALESCE(sum(t.count) FILTER (WHERE t.outcome = 'churned'), 0)::int AS churned,
  ${money(Prisma.sql`sum(t.value) FILTER (WHERE t.outcome = 'churned')`)} AS "churnedValue"`;

/** The forecast's figures on top of the calendar's. */
const FORECAST_FIGURES = Prisma.sql`${FIGURES},
  ${money(
    Prisma.sql`COALESCE(sum(t.new_value) FILTER (WHERE t.outcome IS NOT NULL), 0)
               + COALESCE(sum(t.expected) FILTER (WHERE t.outcome IS NULL AND NOT t.at_risk), 0)`,
  )} AS "expectedRenewalValue",
  ${ratio(Prisma.sql`sum(t.kept) FILTER (WHERE t.outcome IS NOT NULL)`, Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NOT NULL)`)} AS "grossRevenueRetention",
  ${ratio(
    // No new value among the decided terms is no figure, not 0.
    Prisma.sql`CASE WHEN sum(t.new_values) FILTER (WHERE t.outcome IS NOT NULL) > 0
                    THEN sum(t.new_value) FILTER (WHERE t.outcome IS NOT NULL) END`,
    Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NOT NULL)`,
  )} AS "netRevenueRetention"`;

const EMPTY: Figures = {
  contracts: 0,
  value: 0,
  open: 0,
  openValue: 0,
  atRisk: 0,
  valueAtRisk: 0,
  renewed: 0,
  renewedValue: 0,
  churned: 0,
  churnedValue: 0,
};
const figuresOf = <F extends Figures>(row: F): Figures => ({
  contracts: row.contracts,
  value: row.value,
  open: row.open,
  openValue: row.openValue,
  atRisk: row.atRisk,
  valueAtRisk: row.valueAtRisk,
  renewed: row.renewed,
  renewedValue: row.renewedValue,
  churned: row.churned,
  churnedValue: row.churnedValue,
});
const forecastOf = (row: ForecastFigures): ForecastFigures => ({
  ...figuresOf(row),
  expectedRenewalValue: row.expectedRenewalValue,
  grossRevenueRetention: row.grossRevenueRetention,
  netRevenueRetention: row.netRevenueRetention,
});

/** The list's filters and the caller's region scope as SQL (the list and its CSV export share them). */
export function renewalListConditions(query: RenewalListFilters, principal: Principal): Prisma.Sql[] {
  return [
    ...regionScope(principal),
    ...(query.region ? [Prisma.sql`r.region = ${query.region}`] : []),
    ...(query.tier ? [Prisma.sql`r.tier = ${query.tier}`] : []),
    ...(query.stage ? [Prisma.sql`r.stage = ANY(${query.stage}::text[])`] : []),
    ...(query.customerSuccessOwner ? [Prisma.sql`r.customer_success_owner = ${query.customerSuccessOwner}`] : []),
    ...(query.atRisk === undefined ? [] : [Prisma.sql`r.at_risk = ${query.atRisk}`]),
    ...(query.overdue === undefined
      ? []
      : [query.overdue ? Prisma.sql`r.overdue_steps > 0` : Prisma.sql`r.overdue_steps = 0`]),
    ...(query.contractEndFrom ? [Prisma.sql`r.contract_end >= ${query.contractEndFrom}::date`] : []),
    ...(query.contractEndTo ? [Prisma.sql`r.contract_end <= ${query.contractEndTo}::date`] : []),
  ];
}

/** The filters of the list (without its paging). */
export type RenewalListFilters = Omit<z.output<typeof listRenewalsQuerySchema>, 'limit' | 'cursor'>;

/**
 * `now` is the clock the default window (this month on) reads; tests pass a fixed one.
 */
export function renewalReadRoutes(db: Database, now: () => Date = () => new Date()) {
  /** The window and the terms in it that the caller may see: `t` rows with region and tier. */
  function windowOf(query: z.output<typeof renewalWindowQuerySchema>, principal: Principal) {
    if (query.region !== undefined && !canSeeRegions(principal, [query.region]))
      throw new Problem(404, 'Not found', apiSays('api.not-found.region', { what: 'renewals', region: query.region }));
    const thisMonth = now().toISOString().slice(0, 7);
    // This month and the next twelve: a contract signed today for a year ends inside the default window.
    const from = query.from ?? (query.to ? monthAt(monthIndex(query.to) - 12) : thisMonth);
    const to = query.to ?? monthAt(monthIndex(from) + 12);
    const months = monthIndex(to) - monthIndex(from) + 1;
    if (months < 1 || months > MAX_RENEWAL_WINDOW_MONTHS) {
      const message =
        months < 1
          ? `from (${from}) is after to (${to})`
          : `the window from ${from} to ${to} spans more than ${MAX_RENEWAL_WINDOW_MONTHS} months`;
      throw invalidRequest(message, [
        { path: 'from', message, code: 'custom' },
        { path: 'to', message, code: 'custom' },
      ]);
    }
    // The window's terms counted per month, region, tier, currency, outcome, risk and churn reason (renewal_term_month,
    // which the projection keeps), so the figures add up a few hundred rows instead of every term of the window.
    const visible = and([
      ...regionScope(principal),
      ...(query.region ? [Prisma.sql`r.region = ${query.region}`] : []),
      ...(query.tier ? [Prisma.sql`r.tier = ${query.tier}`] : []),
      ...(query.currency ? [Prisma.sql`r.currency = ${query.currency}`] : []),
      Prisma.sql`r.month >= ${`${from}-01`}::date`,
      Prisma.sql`r.month < ${`${monthAt(monthIndex(to) + 1)}-01`}::date`,
      Prisma.sql`r.count > 0`,
    ]);
    const terms = Prisma.sql`
      SELECT to_char(r.month, 'YYYY-MM') AS month, r.region, r.tier, r.outcome, r.at_risk, r.churn_reason, r.count, r.value,
             r.new_value, r.new_values, r.kept, r.expected
      FROM renewal_term_month r
      WHERE ${visible}`;
    const slice = {
      from,
      to,
      region: query.region ?? null,
      tier: query.tier ?? null,
      currency: query.currency ?? null,
    };
    return { slice, terms, months: Array.from({ length: months }, (_, index) => monthAt(monthIndex(from) + index)) };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/renewals',
      operationId: 'listRenewals',
      summary: 'List renewals',
      tag: 'Renewals',
      permission: 'renewal:read',
      query: listRenewalsQuerySchema,
      responses: { 200: { description: 'Soonest contract end first (then by id)', schema: renewalSummaryPageSchema } },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, renewalCursorSchema) : undefined;
        const conditions = [
          ...renewalListConditions(query, principal),
          ...(after ? [Prisma.sql`(r.contract_end, r.id) > (${after[0]}::date, ${after[1]})`] : []),
        ];
        const rows = await db.$queryRaw<RenewalRow[]>`
          SELECT r.id, r.workflow_id AS "workflowId", r.account, r.region, r.contract_id AS "contractId", r.tier, r.currency,
                 r.customer_success_owner AS "customerSuccessOwner", r.source_playbook AS "sourcePlaybook", r.source_id AS "sourceId",
                 r.stage, r.stage_entered_at AS "stageEnteredAt", r.term_number AS "termNumber", r.term_start AS "termStart",
                 r.contract_end AS "contractEnd", r.value, r.compressed, r.last_call AS "lastCall", r.lapsed, r.steps,
                 r.health_score AS "healthScore", r.health_band AS "healthBand", r.health_source AS "healthSource", r.health_at AS "healthAt",
                 r.at_risk AS "atRisk", r.health_check_status AS "healthCheckStatus", r.health_check_error AS "healthCheckError",
                 r.next_step_key AS "nextStepKey", r.next_step_due AS "nextStepDue", r.next_step_owner_role AS "nextStepOwnerRole",
                 r.overdue_steps AS "overdueSteps", r.started_at AS "startedAt", r.ended_at AS "endedAt", r.updated_at AS "updatedAt"
          FROM renewal r
          WHERE ${and(conditions)}
          ORDER BY r.contract_end, r.id
          LIMIT ${query.limit + 1}`;
        return {
          status: 200,
          body: cursorPage(rows, query.limit, summaryOf, (last) => [last.term.contractEnd, last.renewalId]),
        };
      },
    }),

    // Before any /api/renewals/:id route, so "calendar" and "forecast" are never read as renewal ids.
    defineRoute({
      method: 'get',
      path: '/api/renewals/calendar',
      operationId: 'getRenewalCalendar',
      summary: 'The renewal calendar: contracts ending per month, their value and value at risk, by region and tier',
      tag: 'Renewals',
      permission: 'renewal:read',
      query: renewalWindowQuerySchema,
      responses: {
        200: {
          description: 'One entry per month of the window (empty months included), and the window’s totals',
          schema: renewalCalendarSchema,
        },
        404: { description: 'A region that is not yours' },
      },
      async handle({ query, principal }) {
        const { slice, terms, months } = windowOf(query, principal);
        const rows = await db.$queryRaw<
          (Figures & {
            month: string | null;
            region: string | null;
            tier: string | null;
            byMonth: number;
            byRegion: number;
            byTier: number;
          })[]
        >`
          WITH t AS (${terms})
          SELECT t.month, t.region, t.tier, GROUPING(t.month) AS "byMonth", GROUPING(t.region) AS "byRegion", GROUPING(t.tier) AS "byTier", ${FIGURES}
          FROM t
          GROUP BY GROUPING SETS ((t.month, t.region), (t.month, t.tier), (t.month), ())
          ORDER BY t.month, t.region, t.tier`;
        const monthRows = rows.filter((row) => row.byMonth === 0);
        const total = rows.find((row) => row.byMonth === 1);
        return {
          status: 200,
          body: {
            ...slice,
            months: months.map((month) => {
              const own = monthRows.filter((row) => row.month === month);
              const whole = own.find((row) => row.byRegion === 1 && row.byTier === 1);
              return {
                month,
                ...(whole ? figuresOf(whole) : EMPTY),
                byRegion: own
                  .filter((row) => row.byRegion === 0)
                  .map((row) => ({ region: row.region!, ...figuresOf(row) })),
                byTier: own.filter((row) => row.byTier === 0).map((row) => ({ tier: row.tier!, ...figuresOf(row) })),
              };
            }),
            totals: total ? figuresOf(total) : EMPTY,
          },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/renewals/forecast',
      operationId: 'getRenewalForecast',
      summary:
        'The renewal forecast: expected renewal value, value at risk, churned value, gross and net revenue retention, by region and tier',
      tag: 'Renewals',
      permission: 'renewal:read',
      query: renewalWindowQuerySchema,
      responses: {
        200: {
          description: 'For the terms whose contract ends in the window (definitions in the README)',
          schema: renewalForecastSchema,
        },
        404: { description: 'A region that is not yours' },
      },
      async handle({ query, principal }) {
        const { slice, terms } = windowOf(query, principal);
        const [, rows, reasons] = await db.$transaction(
          [
            // JIT compiling these short aggregate plans costs more than it saves (bench/engine.ts at 100k renewals).
            db.$executeRaw`SET LOCAL jit = off`,
            db.$queryRaw<
              (ForecastFigures & { region: string | null; tier: string | null; byRegion: number; byTier: number })[]
            >`
              WITH t AS (${terms})
              SELECT t.region, t.tier, GROUPING(t.region) AS "byRegion", GROUPING(t.tier) AS "byTier", ${FORECAST_FIGURES}
              FROM t
              GROUP BY GROUPING SETS ((t.region), (t.tier), ())
              ORDER BY t.region, t.tier`,
            // The taxonomy's reasons in its order, zeros included.
            db.$queryRaw<{ churnReason: (typeof CHURN_REASONS)[number]; count: number; value: number }[]>`
              WITH t AS (${terms}), churned AS (
                SELECT t.churn_reason AS reason, sum(t.count)::int AS count, ${money(Prisma.sql`sum(t.value)`)} AS value
                FROM t WHERE t.outcome = 'churned' GROUP BY t.churn_reason
              )
              SELECT c.reason AS "churnReason", COALESCE(d.count, 0)::int AS count, COALESCE(d.value, 0)::float8 AS value
              FROM unnest(${[...CHURN_REASONS]}::text[]) WITH ORDINALITY AS c(reason, position)
              LEFT JOIN churned d ON d.reason = c.reason
              ORDER BY c.position`,
          ],
          { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
        );
        const all = rows.find((row) => row.byRegion === 1 && row.byTier === 1);
        const empty: ForecastFigures = {
          ...EMPTY,
          expectedRenewalValue: 0,
          grossRevenueRetention: null,
          netRevenueRetention: null,
        };
        return {
          status: 200,
          body: {
            ...slice,
            ...(all ? forecastOf(all) : empty),
            byRegion: rows
              .filter((row) => row.byRegion === 0)
              .map((row) => ({ region: row.region!, ...forecastOf(row) })),
            byTier: rows.filter((row) => row.byTier === 0).map((row) => ({ tier: row.tier!, ...forecastOf(row) })),
            churnReasons: reasons,
          },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/renewals/:id/timeline',
      operationId: 'getRenewalTimeline',
      summary: 'Read the timeline of a renewal, across its terms',
      tag: 'Renewals',
      permission: 'renewal:read',
      params: renewalIdParamsSchema,
      query: renewalTimelineQuerySchema,
      responses: timelineResponses(renewalTimelinePageSchema, 'No such renewal, or not in your regions'),
      async handle({ params, query, principal }) {
        await visibleRow(db, params.id, principal);
        const rows = await db.renewalEvent.findMany(
          eventPageArgs(query, {
            renewalId: params.id,
            ...(query.term ? { term: query.term } : {}),
            ...(query.stepKey ? { stepKey: query.stepKey } : {}),
          }),
        );
        return {
          status: 200,
          body: timelinePage(rows, query.limit, (row) => ({ term: row.term, stepKey: row.stepKey })),
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/renewals/:id/terms',
      operationId: 'getRenewalTerms',
      summary: 'Read every term of a renewal: dates, value, outcome, new value and churn reason',
      tag: 'Renewals',
      permission: 'renewal:read',
      params: renewalIdParamsSchema,
      responses: {
        200: {
          description: 'Oldest term first; the last is the current one unless the contract churned',
          schema: renewalTermListSchema,
        },
        404: { description: 'No such renewal, or not in your regions' },
      },
      async handle({ params, principal }) {
        await visibleRow(db, params.id, principal);
        const rows = await db.renewalTerm.findMany({ where: { renewalId: params.id }, orderBy: { number: 'asc' } });
        return {
          status: 200,
          body: {
            items: rows.map((row) => ({
              number: row.number,
              termStart: day(row.termStart),
              contractEnd: day(row.contractEnd),
              value: row.value,
              outcome: row.outcome,
              newValue: row.newValue,
              churnReason: row.churnReason as (typeof CHURN_REASONS)[number] | null,
              note: row.note,
              decidedAt: row.decidedAt?.toISOString() ?? null,
              decidedBy: row.decidedBy,
              healthScore: row.healthScore,
              healthBand: row.healthBand,
              atRisk: row.atRisk,
              proposedValue: row.proposedValue,
            })),
          },
        };
      },
    }),
  ];
}

async function visibleRow(db: Database, id: string, principal: Principal): Promise<void> {
  const found = await db.renewal.findUnique({ where: { id }, select: { region: true } });
  if (!found || !canSeeRegions(principal, [found.region]))
    throw new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: 'renewal', id }));
}
