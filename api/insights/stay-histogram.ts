import { Prisma } from '../../db/generated/client';
import { sliceDim, wholeMonths, type InsightsScope } from './chain';

/**
 * How many of the window's stays lie in each band of each stay key (cycle:to_signing, cycle:to_go_live,
 * playbook:stage), as rows key, band, n: the histogram percentiles.ts finds the ranks of p50 and p90 in. A band is
 * log-scaled (migration 20261208500000_insights_stay_bands), so a year of stays is a few rows per month, region and
 * key in insights_stay_band; a caller who sees every region reads the rows of all regions (region empty). The days
 * before the first whole month of the window and after the last are counted from insights_stay itself (a table per
 * day would hold about a row per stay), as are whole windows whose filters need more than one dimension besides
 * region.
 */
export function stayHistogram(scope: InsightsScope): Prisma.Sql {
  const { from, to } = wholeMonths(scope);
  const slice = sliceDim(scope);
  const regions = scope.allRegions ? Prisma.sql`o.region = ''` : Prisma.sql`o.region <> '' AND ${scope.regionFilter}`;
  const days = (start: Date, end: Date) =>
    Prisma.sql`SELECT o.key, o.band, count(*) AS n FROM insights_stay o
      WHERE o.requested_at >= ${start} AND o.requested_at < ${end} AND ${scope.filter} GROUP BY o.key, o.band`;
  if (!slice || from >= to) return total(days(scope.start, scope.end));
  const value = slice.dim ? scope.dims[slice.dim] : undefined;
  const months = Prisma.sql`SELECT o.key, o.band, sum(o.n) AS n FROM insights_stay_band o
    WHERE o.dim = ${slice.dim ?? ''} AND o.dim_value ${value === undefined ? Prisma.sql`IS NULL` : Prisma.sql`= ${value}`}
      AND ${regions} AND o.month >= ${isoDay(from)}::date AND o.month < ${isoDay(to)}::date
    GROUP BY o.key, o.band`;
  return total(Prisma.sql`${months} UNION ALL ${days(scope.start, from)} UNION ALL ${days(to, scope.end)}`);
}

const isoDay = (day: Date) => day.toISOString().slice(0, 10);

const total = (rows: Prisma.Sql) =>
  Prisma.sql`SELECT key, band, sum(n)::int AS n FROM (${rows}) h GROUP BY key, band HAVING sum(n) > 0`;
