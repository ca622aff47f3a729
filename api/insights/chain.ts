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
 * handoff's renewal (the view insights_chain_live defines it; the projections keep it and its
 * facts as rollups). Every report filters the same rows the same way, so the figures agree.
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

/** The dimensions besides region that insights_slice sums by, one at a time. */
export type SliceDim = 'channel' | 'industry' | 'product';

export interface InsightsScope {
  from: string;
  to: string;
  /** Conditions on the opportunity row `o` (region, industry, products, channel). */
  filter: Prisma.Sql;
  /** The region conditions of `filter` alone (the caller's regions, the region asked for). */
  regionFilter: Prisma.Sql;
  /** True when no region condition applies (an HQ caller who asked for no region). */
  allRegions: boolean;
  /** The caller's regions when they are region-scoped, and the region asked for: the region conditions as lists. */
  regionLists: string[][];
  /** The other filters asked for. */
  dims: Partial<Record<SliceDim, string>>;
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
  const regionLists = [
    ...(isRegionScoped(principal) ? [[...principal.regions]] : []),
    ...(query.region ? [[query.region]] : []),
  ];
  const conditions = regionLists.map((regions) => Prisma.sql`o.region = ANY(${regions}::text[])`);
  const regionFilter = and(conditions);
  if (query.industry) conditions.push(Prisma.sql`o.industry = ${query.industry}`);
  if (query.product) conditions.push(Prisma.sql`${query.product} = ANY(o.products)`);
  if (query.channel) conditions.push(Prisma.sql`o.channel = ${query.channel}`);
  const dims = Object.fromEntries(
    (['channel', 'industry', 'product'] as const).flatMap((dim) => (query[dim] ? [[dim, query[dim]]] : [])),
  );
  return {
    from,
    to,
    start,
    end,
    filter: and(conditions),
    regionFilter,
    allRegions: regionLists.length === 0,
    regionLists,
    dims,
  };
}

/** The first day of the month of `day`, or of the next month when `day` is not a first (UTC). */
function monthStart(day: Date, roundUp: boolean): Date {
  const first = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  return roundUp && first.getTime() !== day.getTime()
    ? new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1))
    : first;
}

/**
 * `WITH facts AS (...)`: what the window's opportunities add to the given measures (migration
 * 20261206005000_insights_rollups), with columns region, channel, industry, products, origin,
 * measure, bucket, n, value; see factsRows.
 */
export function factsCte(scope: InsightsScope, measures: readonly string[]): Prisma.Sql {
  return Prisma.sql`WITH facts AS (${factsRows(scope, measures)})`;
}

/** `day` as a date literal's text (UTC), so the session's time zone cannot move it. */
const isoDay = (day: Date): string => day.toISOString().slice(0, 10);

/**
 * The dimension of the slices (insights_slice, insights_slice_day, insights_stay_band) a report reads, or false when
 * the filters and `by` (the dimension the report groups by) need more than one dimension besides region: each slice
 * is summed by one at a time. The products of opportunities filtered by a product include the others they use, so
 * grouping by product under a product filter is not one slice either.
 */
export function sliceDim(scope: InsightsScope, by?: SliceDim): { dim: SliceDim | undefined } | false {
  const needed = new Set<SliceDim>([...(Object.keys(scope.dims) as SliceDim[]), ...(by ? [by] : [])]);
  if (needed.size > 1 || (by === 'product' && scope.dims.product !== undefined)) return false;
  return { dim: [...needed][0] };
}

/** The whole months inside the window, [from, to); from >= to when there is none. */
export function wholeMonths(scope: InsightsScope): { from: Date; to: Date } {
  return { from: monthStart(scope.start, true), to: monthStart(scope.end, false) };
}

/**
 * The rows of factsCte. When one slice serves the filters and `by` (sliceDim), the whole months inside the window
 * come from insights_slice and the days before the first whole month and after the last from insights_slice_day
 * (migrations 20261207500000 and 20261208500000): a slice has few rows a month or a day. Otherwise the months come
 * from insights_month, keyed by every dimension, and the days at either end from insights_fact (each end its own
 * range, so each is one index range); all filtered alike. A slice gives only its own dimension: the others read null
 * (channel, industry) or empty (products).
 */
export function factsRows(scope: InsightsScope, measures: readonly string[], by?: SliceDim): Prisma.Sql {
  const { from: wholeFrom, to: wholeTo } = wholeMonths(scope);
  const measured = Prisma.sql`o.measure = ANY(${[...measures]}::text[])`;
  const slice = sliceDim(scope, by);
  if (slice) {
    const days = (from: Date, to: Date) => sliceRows(scope, measured, slice.dim, 'day', from, to);
    if (wholeFrom >= wholeTo) return days(scope.start, scope.end);
    return Prisma.sql`${sliceRows(scope, measured, slice.dim, 'month', wholeFrom, wholeTo)}
      UNION ALL ${days(scope.start, wholeFrom)} UNION ALL ${days(wholeTo, scope.end)}`;
  }
  const columns = Prisma.sql`o.region, o.channel, o.industry, o.products, o.origin, o.measure, o.bucket, o.n::int8 AS n, o.value`;
  const days = (from: Date, to: Date) =>
    Prisma.sql`SELECT ${columns} FROM insights_fact o
      WHERE ${measured} AND o.requested_at >= ${from} AND o.requested_at < ${to} AND ${scope.filter}`;
  if (wholeFrom >= wholeTo) return days(scope.start, scope.end);
  return Prisma.sql`SELECT ${columns} FROM insights_month o
      WHERE ${measured} AND o.month >= ${isoDay(wholeFrom)}::date AND o.month < ${isoDay(wholeTo)}::date
        AND ${scope.filter}
    UNION ALL ${days(scope.start, wholeFrom)} UNION ALL ${days(wholeTo, scope.end)}`;
}

/** The rows of one slice of the facts per month (insights_slice) or per day (insights_slice_day) in [from, to). */
function sliceRows(
  scope: InsightsScope,
  measured: Prisma.Sql,
  dim: SliceDim | undefined,
  grain: 'month' | 'day',
  from: Date,
  to: Date,
): Prisma.Sql {
  const value = dim ? scope.dims[dim] : undefined;
  const as = (own: SliceDim, otherwise: Prisma.Sql) =>
    dim === own ? (own === 'product' ? Prisma.sql`ARRAY[o.dim_value]` : Prisma.sql`o.dim_value`) : otherwise;
  const table = Prisma.raw(grain === 'month' ? 'insights_slice' : 'insights_slice_day');
  const column = Prisma.raw(`o.${grain}`);
  return Prisma.sql`SELECT o.region, ${as('channel', Prisma.sql`NULL::text`)} AS channel,
      ${as('industry', Prisma.sql`NULL::text`)} AS industry, ${as('product', Prisma.sql`'{}'::text[]`)} AS products,
      o.origin, o.measure, o.bucket, o.n::int8 AS n, o.value
    FROM ${table} o
    WHERE o.dim = ${dim ?? ''} AND ${measured} AND ${column} >= ${isoDay(from)}::date AND ${column} < ${isoDay(to)}::date
      AND ${scope.regionFilter} ${value === undefined ? Prisma.empty : Prisma.sql`AND o.dim_value = ${value}`}`;
}

/**
 * `WITH chain AS (...)`: the window's opportunities as stored in insights_opportunity, with how far
 * each got. Columns: id, origin, account, region, channel, industry, products, requested_at,
 * poc_converted, deal_id, signed_at, signed_value, handoff_id, accepted, live_at, renewed.
 */
export function chainCte(scope: InsightsScope): Prisma.Sql {
  return Prisma.sql`
    WITH chain AS (
      SELECT * FROM insights_opportunity o
      WHERE o.requested_at >= ${scope.start} AND o.requested_at < ${scope.end} AND ${scope.filter}
    )`;
}
