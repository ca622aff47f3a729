import { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import { isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { and } from '../http/sql';
import { invalidRequest } from '../http/problem';

/**
 * The customer chain as the insights reports read it (README "Insights"): one row per opportunity,
 * that is a POC trial, or a deal-support case that did not come from a trial, requested in the
 * window, followed along case_profile's source links to its deal, its delivery handoff and that
 * handoff's renewal. Every report filters the same rows the same way, so the figures agree.
 */

const MAX_WINDOW_DAYS = 731;
const DAY_MS = 86_400_000;

export const insightsQuerySchema = z.strictObject({
  from: z.iso
    .date()
    .optional()
    .meta({ description: 'First day of the window (UTC); a year before `to` when left out' }),
  to: z.iso.date().optional().meta({ description: 'Last day of the window (UTC); today when left out' }),
  region: z.string().min(1).max(100).optional(),
  industry: z.string().min(1).max(100).optional(),
  product: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(100).optional(),
});
export type InsightsQuery = z.output<typeof insightsQuerySchema>;

export interface InsightsScope {
  from: string;
  to: string;
  /** Conditions on the opportunity row `o` (region, industry, products, channel). */
  filter: Prisma.Sql;
  start: Date;
  end: Date;
}

/** The window and filters asked for, inside the caller's regions; a window past two years or backwards is refused. */
export function insightsScope(query: InsightsQuery, principal: Principal, now = new Date()): InsightsScope {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 365 * DAY_MS).toISOString().slice(0, 10);
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  if (start >= end || (end.getTime() - start.getTime()) / DAY_MS > MAX_WINDOW_DAYS) {
    const message =
      start >= end ? `from (${from}) is after to (${to})` : `the window from ${from} to ${to} is over two years`;
    throw invalidRequest(message, [
      { path: 'from', message, code: 'custom' },
      { path: 'to', message, code: 'custom' },
    ]);
  }
  const conditions: Prisma.Sql[] = [];
  if (isRegionScoped(principal)) conditions.push(Prisma.sql`o.region = ANY(${principal.regions}::text[])`);
  if (query.region) conditions.push(Prisma.sql`o.region = ${query.region}`);
  if (query.industry) conditions.push(Prisma.sql`o.industry = ${query.industry}`);
  if (query.product) conditions.push(Prisma.sql`${query.product} = ANY(o.products)`);
  if (query.channel) conditions.push(Prisma.sql`o.channel = ${query.channel}`);
  return { from, to, start, end, filter: and(conditions) };
}

/**
 * `WITH opportunity, chain AS (...)`: the window's opportunities and how far each got. Columns of
 * chain: id, origin (poc or deal), account, region, channel, industry, products, requested_at,
 * poc_converted, deal_id, signed_at, signed_value, handoff_id, accepted, live_at, renewed.
 */
export function chainCte(scope: InsightsScope): Prisma.Sql {
  return Prisma.sql`
    WITH opportunity AS (
      SELECT * FROM (
        SELECT t.id, 'poc'::text AS origin, t.account, t.region, cp.channel,
               COALESCE(cp.industry, t.industry) AS industry,
               COALESCE(NULLIF(cp.products, '{}'), ARRAY[t.product]) AS products,
               t.requested_at, t.amount, t.outcome_stage, t.outcome_at
        FROM poc_trial t LEFT JOIN case_profile cp ON cp.case_id = t.id
        WHERE t.requested_at >= ${scope.start} AND t.requested_at < ${scope.end}
        UNION ALL
        SELECT d.id, 'deal'::text, d.account, d.region, cp.channel, cp.industry, COALESCE(cp.products, '{}'),
               d.requested_at, d.amount, d.outcome_stage, d.outcome_at
        FROM deal_case d LEFT JOIN case_profile cp ON cp.case_id = d.id
        WHERE d.requested_at >= ${scope.start} AND d.requested_at < ${scope.end} AND cp.source_id IS NULL
      ) o
      WHERE ${scope.filter}
    ),
    chain AS (
      SELECT o.id, o.origin, o.account, o.region, o.channel, o.industry, o.products, o.requested_at,
             (o.origin = 'poc' AND o.outcome_stage = 'converted') AS poc_converted,
             deal.id AS deal_id,
             CASE WHEN deal.outcome_stage = 'closed_won' THEN deal.outcome_at
                  WHEN o.origin = 'poc' AND o.outcome_stage = 'converted' AND deal.id IS NULL AND h.id IS NOT NULL
                    THEN o.outcome_at END AS signed_at,
             CASE WHEN deal.outcome_stage = 'closed_won' THEN deal.amount
                  WHEN o.origin = 'poc' AND o.outcome_stage = 'converted' AND deal.id IS NULL AND h.id IS NOT NULL
                    THEN o.amount END AS signed_value,
             h.id AS handoff_id,
             COALESCE(h.stage_history @> '[{"stage":"accepted"}]', false) AS accepted,
             (SELECT (entry->>'enteredAt')::timestamptz FROM jsonb_array_elements(h.stage_history) entry
               WHERE entry->>'stage' = 'accepted_by_customer' LIMIT 1) AS live_at,
             EXISTS (SELECT 1 FROM case_profile rp JOIN renewal_term rt ON rt.renewal_id = rp.case_id
                      WHERE rp.source_id = h.id AND rp.playbook = 'renewal'
                        AND rt.outcome IN ('renewed', 'expanded', 'downgraded')) AS renewed
      FROM opportunity o
      -- Each link is an index lookup (deal_case's key, case_profile's source_id), never a scan per opportunity.
      LEFT JOIN LATERAL (
        SELECT d.id, d.outcome_stage, d.outcome_at, d.amount FROM deal_case d
        WHERE o.origin = 'deal' AND d.id = o.id
        UNION ALL
        SELECT d.id, d.outcome_stage, d.outcome_at, d.amount
        FROM case_profile dp JOIN deal_case d ON d.id = dp.case_id
        WHERE o.origin = 'poc' AND dp.source_id = o.id AND dp.playbook = 'deal'
        LIMIT 1
      ) deal ON true
      LEFT JOIN LATERAL (
        SELECT hh.id, hh.stage_history FROM case_profile hp JOIN handoff hh ON hh.id = hp.case_id
        WHERE hp.source_id = ANY(ARRAY[o.id, deal.id]) AND hp.playbook = 'handoff'
        LIMIT 1
      ) h ON true
    )`;
}
