import { createPocProjection } from '../../activities/poc/projection';
import { createRenewalProjection } from '../../activities/renewal/projection';
import { pocReadRoutes } from '../../api/poc/reads';
import { renewalReadRoutes } from '../../api/renewal/reads';
import { Prisma } from '../../db/generated/client';
import { NOW, REGIONS, syntheticRenewal, syntheticTrial } from '../../bench/synthetic';
import { databaseKinds } from '../helpers/baton-harness';
import { servedReadModel } from '../helpers/routes-server';
import { authorizedRequest } from '../helpers/baton-harness';

/*
 * Issue 14 moved the dashboard's days-per-stage onto the region each stage visit carries, and the
 * renewal calendar and forecast onto the region, tier and currency each term carries, so neither
 * joins every case any more. On random trials and contracts (a different draw on every run, printed
 * with a failure), the answers must equal what the old join-based statements give.
 */

const seed = Number(process.env.LEAN_READS_SEED ?? Date.now() % 1_000_000);
function random(): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** `count` distinct indexes of the synthetic generators, drawn at random. */
function draw(count: number, next: () => number): number[] {
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(next() * 100_000));
  return [...picked];
}

const next = random();
const TRIALS = draw(250, next);
const CONTRACTS = draw(250, next);

const WINDOWS: { region?: string; from: string; to: string }[] = [
  { from: '2026-07-01', to: '2027-06-30' },
  { region: REGIONS[Math.floor(next() * REGIONS.length)]!, from: '2026-07-01', to: '2027-06-30' },
  { from: '2025-07-01', to: '2027-06-30' },
  { region: REGIONS[Math.floor(next() * REGIONS.length)]!, from: '2027-01-01', to: '2027-12-31' },
];

describe.each(databaseKinds())(`lean reads on %s agree with the old joins (seed ${seed})`, (kind) => {
  const served = servedReadModel(
    kind,
    async (db) => {
      const { projectPoc } = createPocProjection(db, []);
      const { projectRenewal } = createRenewalProjection(db, []);
      for (const index of TRIALS) await projectPoc(syntheticTrial(index));
      for (const index of CONTRACTS) await projectRenewal(syntheticRenewal(index));
    },
    (db) => [...pocReadRoutes(db, () => NOW), ...renewalReadRoutes(db, () => NOW)],
  );
  const get = async (path: string) => {
    const response = await authorizedRequest(served.baseUrl, 'GET', path);
    expect(response.status).toBe(200);
    return response.body;
  };

  it.each(WINDOWS)('days per stage: %o', async (window) => {
    const query = new URLSearchParams({
      from: window.from,
      to: window.to,
      ...(window.region ? { region: window.region } : {}),
    });
    const dashboard = await get(`/api/pocs/dashboard?${query}`);
    const old = await served.db.$queryRaw<{ stage: string; visits: number; medianDays: number; p90Days: number }[]>`
      SELECT i.stage, count(*)::int AS visits,
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d.days)::numeric, 2)::float8 AS "medianDays",
             round(percentile_cont(0.9) WITHIN GROUP (ORDER BY d.days)::numeric, 2)::float8 AS "p90Days"
      FROM poc_stage_interval i
      JOIN poc_trial t ON t.id = i.trial_id
      CROSS JOIN LATERAL (SELECT (extract(epoch FROM i.left_at - i.entered_at) / 86400)::float8 AS days) d
      WHERE ${window.region ? Prisma.sql`t.region = ${window.region}` : Prisma.sql`TRUE`}
        AND i.left_at >= (${window.from}::date::timestamp AT TIME ZONE 'UTC')
        AND i.left_at < ((${window.to}::date + 1)::timestamp AT TIME ZONE 'UTC')
      GROUP BY i.stage ORDER BY i.stage`;
    expect(old.length).toBeGreaterThan(0);
    const answered = (dashboard.stages as { stage: string; visits: number; medianDays: number; p90Days: number }[])
      .filter((row) => row.visits > 0)
      .map(({ stage, visits, medianDays, p90Days }) => ({ stage, visits, medianDays, p90Days }))
      .sort((a, b) => a.stage.localeCompare(b.stage));
    expect(answered).toEqual(old);
  });

  it.each(WINDOWS)('renewal calendar and forecast: %o', async (window) => {
    const from = window.from.slice(0, 7);
    const to = window.to.slice(0, 7);
    const query = new URLSearchParams({ from, to, ...(window.region ? { region: window.region } : {}) });
    const calendar = await get(`/api/renewals/calendar?${query}`);
    const forecast = await get(`/api/renewals/forecast?${query}`);
    const old = await served.db.$queryRaw<
      { month: string; region: string; tier: string; contracts: number; value: number; atRisk: number }[]
    >`
      SELECT to_char(rt.contract_end, 'YYYY-MM') AS month, r.region, r.tier, count(*)::int AS contracts,
             round(COALESCE(sum(rt.value), 0)::numeric, 2)::float8 AS value,
             count(*) FILTER (WHERE rt.outcome IS NULL AND rt.at_risk)::int AS "atRisk"
      FROM renewal_term rt JOIN renewal r ON r.id = rt.renewal_id
      WHERE ${window.region ? Prisma.sql`r.region = ${window.region}` : Prisma.sql`TRUE`}
        AND rt.contract_end >= ${`${from}-01`}::date AND rt.contract_end < (${`${to}-01`}::date + interval '1 month')
      GROUP BY 1, 2, 3`;
    expect(old.length).toBeGreaterThan(0);
    const byRegion = calendar.months.flatMap((month: { month: string; byRegion: { region: string }[] }) =>
      month.byRegion.map((row) => ({ month: month.month, ...row })),
    );
    for (const region of new Set(old.map((row) => row.region))) {
      for (const month of new Set(old.map((row) => row.month))) {
        const rows = old.filter((row) => row.region === region && row.month === month);
        if (rows.length === 0) continue;
        const answered = byRegion.find(
          (row: { month: string; region: string }) => row.month === month && row.region === region,
        );
        expect(answered).toMatchObject({
          contracts: rows.reduce((sum, row) => sum + row.contracts, 0),
          atRisk: rows.reduce((sum, row) => sum + row.atRisk, 0),
        });
        expect(answered.value).toBeCloseTo(
          rows.reduce((sum, row) => sum + row.value, 0),
          2,
        );
      }
    }
    expect(forecast.contracts).toBe(old.reduce((sum, row) => sum + row.contracts, 0));
    expect(calendar.totals.contracts).toBe(forecast.contracts);
  });
});
