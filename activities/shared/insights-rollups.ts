import { Prisma } from '../../db/generated/client';

/*
 * The insights reports' rollups (migrations 20261206005000_insights_rollups, 20261207500000_insights_exact_stays and
 * 20261208500000_insights_stay_bands say what each holds), kept by every chain playbook's projection in the
 * transaction that changed one of the chain's cases: the opportunity row, its facts and its stays are rewritten from
 * the views that define them; insights_month, insights_slice and insights_slice_day change by the difference between
 * the facts as stored and as written, insights_stay_band by that of the stays. Rows that did not change cancel out,
 * so their keys are not touched, and the keys that are touched are written in key order, table after table in the
 * same order, so two projections lock rollup rows in the same order.
 */

const OPPORTUNITY_COLUMNS = Prisma.raw(
  'origin, account, region, channel, industry, products, requested_at, poc_converted, deal_id, signed_at, ' +
    'signed_value, handoff_id, accepted, live_at, renewed',
);
const MONTH_KEY = Prisma.raw('month, region, channel, industry, products, origin, measure, bucket');
const SLICE_KEY = Prisma.raw('month, region, origin, dim, dim_value, measure, bucket');
const DAY_SLICE_KEY = Prisma.raw('day, region, origin, dim, dim_value, measure, bucket');
const BAND_KEY = Prisma.raw('month, region, dim, dim_value, key, band');
/**
 * The band rows a stay `c` counts in: its region's and all regions' (region ''), each per SLICES. Callers who see
 * every region read the all-regions rows, a fifth as many as their regions' (api/insights/stay-histogram.ts).
 */
const BAND_REGIONS = Prisma.raw("SELECT c.region AS region UNION ALL SELECT ''");
/** The slices a fact or stay `c` counts in: all of them (dim ''), its channel, its industry, and each of its products. */
const SLICES = Prisma.raw(
  "SELECT ''::text AS dim, NULL::text AS dim_value UNION ALL SELECT 'channel', c.channel " +
    "UNION ALL SELECT 'industry', c.industry UNION ALL SELECT 'product', p FROM unnest(c.products) p",
);

/** The opportunities a case counts in: itself when it is a trial or a deal, and the trial or deal its chain began with. */
async function opportunitiesOf(tx: Prisma.TransactionClient, caseId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE up(case_id, source_id, playbook, depth) AS (
      SELECT case_id, source_id, playbook, 0 FROM case_profile WHERE case_id = ${caseId}
      UNION ALL
      SELECT cp.case_id, cp.source_id, cp.playbook, up.depth + 1
      FROM case_profile cp JOIN up ON cp.case_id = up.source_id WHERE up.depth < 4
    )
    SELECT DISTINCT case_id AS id FROM up WHERE playbook IN ('poc', 'deal') ORDER BY 1`;
  return rows.map((row) => row.id);
}

/**
 * Brings the chain rollups of `caseId`'s opportunities up to date with the case rows as this
 * transaction sees them. Call it after the case's row (and its case_profile row) are written.
 */
export async function refreshInsights(tx: Prisma.TransactionClient, caseId: string): Promise<void> {
  const ids = await opportunitiesOf(tx, caseId);
  if (ids.length === 0) return;
  // One opportunity's cases project in turns (a deal and its handoff may project at once); locks in id order.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('insights:' || id)) FROM unnest(${ids}::text[]) AS id ORDER BY id`;
  await tx.$executeRaw`
    WITH live AS (SELECT * FROM insights_chain_live WHERE id = ANY(${ids}::text[])),
    gone AS (DELETE FROM insights_opportunity WHERE id = ANY(${ids}::text[]) AND id NOT IN (SELECT id FROM live))
    INSERT INTO insights_opportunity (id, ${OPPORTUNITY_COLUMNS}) SELECT * FROM live
    ON CONFLICT (id) DO UPDATE SET (${OPPORTUNITY_COLUMNS}) = ROW(EXCLUDED.origin, EXCLUDED.account, EXCLUDED.region,
      EXCLUDED.channel, EXCLUDED.industry, EXCLUDED.products, EXCLUDED.requested_at, EXCLUDED.poc_converted,
      EXCLUDED.deal_id, EXCLUDED.signed_at, EXCLUDED.signed_value, EXCLUDED.handoff_id, EXCLUDED.accepted,
      EXCLUDED.live_at, EXCLUDED.renewed)`;
  await tx.$executeRaw`
    WITH old AS (DELETE FROM insights_fact WHERE opportunity_id = ANY(${ids}::text[]) RETURNING *),
    new AS (
      INSERT INTO insights_fact SELECT * FROM insights_fact_live WHERE opportunity_id = ANY(${ids}::text[]) RETURNING *
    ),
    changes AS (SELECT new.*, 1 AS sign FROM new UNION ALL SELECT old.*, -1 AS sign FROM old),
    slices AS (
      INSERT INTO insights_slice AS m (${SLICE_KEY}, n, value)
      SELECT date_trunc('month', c.requested_at AT TIME ZONE 'UTC')::date, c.region, c.origin, s.dim, s.dim_value,
             c.measure, c.bucket, sum(c.n * c.sign), sum(c.value * c.sign)
      FROM changes c CROSS JOIN LATERAL (${SLICES}) s
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(c.n * c.sign) <> 0 OR sum(c.value * c.sign) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (${SLICE_KEY}) DO UPDATE SET n = m.n + EXCLUDED.n, value = m.value + EXCLUDED.value
    ),
    day_slices AS (
      INSERT INTO insights_slice_day AS m (${DAY_SLICE_KEY}, n, value)
      SELECT (c.requested_at AT TIME ZONE 'UTC')::date, c.region, c.origin, s.dim, s.dim_value, c.measure, c.bucket,
             sum(c.n * c.sign), sum(c.value * c.sign)
      FROM changes c CROSS JOIN LATERAL (${SLICES}) s
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(c.n * c.sign) <> 0 OR sum(c.value * c.sign) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (${DAY_SLICE_KEY}) DO UPDATE SET n = m.n + EXCLUDED.n, value = m.value + EXCLUDED.value
    )
    INSERT INTO insights_month AS m (${MONTH_KEY}, n, value)
    SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date, region, channel, industry, products, origin,
           measure, bucket, sum(n * sign), sum(value * sign)
    FROM changes
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(n * sign) <> 0 OR sum(value * sign) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (${MONTH_KEY}) DO UPDATE SET n = m.n + EXCLUDED.n, value = m.value + EXCLUDED.value`;
  await tx.$executeRaw`
    WITH old AS (DELETE FROM insights_stay WHERE opportunity_id = ANY(${ids}::text[]) RETURNING *),
    new AS (
      INSERT INTO insights_stay SELECT * FROM insights_stay_live WHERE opportunity_id = ANY(${ids}::text[]) RETURNING *
    ),
    changes AS (SELECT new.*, 1 AS sign FROM new UNION ALL SELECT old.*, -1 AS sign FROM old)
    INSERT INTO insights_stay_band AS m (${BAND_KEY}, n)
    SELECT date_trunc('month', c.requested_at AT TIME ZONE 'UTC')::date, r.region, s.dim, s.dim_value, c.key, c.band,
           sum(c.sign)
    FROM changes c CROSS JOIN LATERAL (${BAND_REGIONS}) r CROSS JOIN LATERAL (${SLICES}) s
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (${BAND_KEY}) DO UPDATE SET n = m.n + EXCLUDED.n`;
}

/**
 * Every opportunity's rollups computed again from the case rows, as the migration's backfill does:
 * for rows written without a projection (the benchmark's generated cases).
 */
export async function rebuildInsights(db: { $executeRawUnsafe: (query: string) => Promise<number> }): Promise<void> {
  await db.$executeRawUnsafe(
    'TRUNCATE insights_opportunity, insights_fact, insights_month, insights_stay, insights_slice, insights_slice_day, ' +
      'insights_stay_band',
  );
  await db.$executeRawUnsafe('INSERT INTO insights_opportunity SELECT * FROM insights_chain_live');
  await db.$executeRawUnsafe('INSERT INTO insights_fact SELECT * FROM insights_fact_live');
  await db.$executeRawUnsafe(`
    INSERT INTO insights_month (month, region, channel, industry, products, origin, measure, bucket, n, value)
    SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date, region, channel, industry, products, origin,
           measure, bucket, sum(n), sum(value)
    FROM insights_fact GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`);
  await db.$executeRawUnsafe(`
    INSERT INTO insights_slice (month, region, origin, dim, dim_value, measure, bucket, n, value)
    SELECT date_trunc('month', c.requested_at AT TIME ZONE 'UTC')::date, c.region, c.origin, s.dim, s.dim_value,
           c.measure, c.bucket, sum(c.n), sum(c.value)
    FROM insights_fact c CROSS JOIN LATERAL (${SLICES.sql}) s
    GROUP BY 1, 2, 3, 4, 5, 6, 7`);
  await db.$executeRawUnsafe(`
    INSERT INTO insights_slice_day (day, region, origin, dim, dim_value, measure, bucket, n, value)
    SELECT (c.requested_at AT TIME ZONE 'UTC')::date, c.region, c.origin, s.dim, s.dim_value, c.measure, c.bucket,
           sum(c.n), sum(c.value)
    FROM insights_fact c CROSS JOIN LATERAL (${SLICES.sql}) s
    GROUP BY 1, 2, 3, 4, 5, 6, 7`);
  await db.$executeRawUnsafe('INSERT INTO insights_stay SELECT * FROM insights_stay_live');
  await db.$executeRawUnsafe(`
    INSERT INTO insights_stay_band (month, region, dim, dim_value, key, band, n)
    SELECT date_trunc('month', c.requested_at AT TIME ZONE 'UTC')::date, r.region, s.dim, s.dim_value, c.key, c.band,
           count(*)
    FROM insights_stay c CROSS JOIN LATERAL (${BAND_REGIONS.sql}) r CROSS JOIN LATERAL (${SLICES.sql}) s
    GROUP BY 1, 2, 3, 4, 5, 6`);
}
