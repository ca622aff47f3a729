import { createRenewalProjection } from '../../activities/renewal/projection';
import { renewalReadRoutes } from '../../api/renewal/reads';
import { Prisma } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import { CHURN_REASONS } from '../../domain/renewal/types';
import { monthAt, monthIndex } from '../../domain/shared/months';
import { NOW, REGIONS, syntheticRenewal } from '../../bench/synthetic';
import { authorizedRequest, databaseKinds, type Identity } from '../helpers/baton-harness';
import { servedReadModel } from '../helpers/routes-server';

/*
 * Issue 14: the renewal calendar and forecast add up the rollup the projection keeps
 * (activities/renewal/rollups.ts) instead of every term of the window. On random contracts (a
 * different draw on every run, printed with a failure) with values in cents, projected in steps as
 * the workflow projects them (undecided first, decided later with a higher sequence number, some
 * moved to another region or tier on the way, some projected again late), every figure must equal
 * what the statements over the terms gave before (kept below), for the whole window, one region, a
 * tier, and a caller who sees only some regions.
 */

const seed = Number(process.env.RENEWAL_ROLLUP_SEED ?? Date.now() % 1_000_000);
function random(): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
const next = random();
const RENEWALS = 300;
const cents = (value: number) => Math.round(value * (0.5 + next()) * 100) / 100;

type Projection = ReturnType<typeof syntheticRenewal>;

function randomRenewal(index: number): Projection {
  const renewal = syntheticRenewal(Math.floor(next() * 100_000));
  const id = `renewal:random-${index}`;
  return {
    ...renewal,
    renewalId: id,
    workflowId: id,
    account: `random-${index}`,
    contractId: `C-random-${index}`,
    region: REGIONS[Math.floor(next() * REGIONS.length)]!,
    terms: renewal.terms.map((term) => ({
      ...term,
      value: cents(term.value),
      newValue: term.newValue === null ? null : cents(term.newValue),
      atRisk: term.outcome === null ? next() < 0.3 : term.atRisk,
      proposedValue: term.outcome === null && next() < 0.4 ? cents(term.value) : term.proposedValue,
    })),
    events: [],
  };
}

/** The same contract before it was decided: every term open, at another value. */
function undecided(renewal: Projection): Projection {
  return {
    ...renewal,
    terms: renewal.terms.map((term) => ({
      ...term,
      value: cents(term.value),
      outcome: null,
      newValue: null,
      churnReason: null,
      atRisk: next() < 0.5,
    })),
    seq: 1,
  };
}

async function load(db: Database): Promise<void> {
  const { projectRenewal } = createRenewalProjection(db, []);
  for (let index = 0; index < RENEWALS; index += 1) {
    const renewal = { ...randomRenewal(index), seq: 3 };
    const roll = next();
    if (roll < 0.4) await projectRenewal(undecided(renewal));
    if (roll < 0.15)
      await projectRenewal({
        ...undecided(renewal),
        region: REGIONS[(REGIONS.indexOf(renewal.region) + 1) % REGIONS.length]!,
        tier: 'moved',
        seq: 2,
      });
    await projectRenewal(renewal);
    if (roll > 0.9) await projectRenewal({ ...renewal, seq: 4 });
    // A late older projection changes nothing.
    if (roll > 0.8) await projectRenewal(undecided(renewal));
  }
}

const REGIONAL: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east', 'north'] };
const WINDOWS: { region?: string; tier?: string; from: string; to: string; as?: Identity }[] = [
  { from: '2026-07', to: '2028-06' },
  { region: REGIONS[Math.floor(next() * REGIONS.length)]!, from: '2026-07', to: '2027-06' },
  { tier: 'key', from: '2026-01', to: '2027-12' },
  { from: '2027-02', to: '2027-02' },
  { from: '2026-09', to: '2027-08', as: REGIONAL },
];

describe.each(databaseKinds())(`the renewal calendar and forecast from the rollup on %s (seed ${seed})`, (kind) => {
  const served = servedReadModel(kind, load, (db) => renewalReadRoutes(db, () => NOW));

  it.each(WINDOWS)('equal the figures from the terms: %o', async ({ as, ...window }) => {
    const query = new URLSearchParams({
      from: window.from,
      to: window.to,
      ...(window.region ? { region: window.region } : {}),
      ...(window.tier ? { tier: window.tier } : {}),
    });
    const read = async (path: string) => {
      const response = await authorizedRequest(served.baseUrl, 'GET', `${path}?${query}`, undefined, as ? { as } : {});
      expect(response.status).toBe(200);
      return response.body;
    };
    const terms = Prisma.sql`
      SELECT to_char(r.contract_end, 'YYYY-MM') AS month, r.region, r.tier, r.value, r.outcome, r.new_value, r.at_risk,
             r.proposed_value, r.churn_reason
      FROM renewal_term r
      WHERE ${Prisma.join(
        [
          ...(as?.regions ? [Prisma.sql`r.region = ANY(${as.regions}::text[])`] : []),
          ...(window.region ? [Prisma.sql`r.region = ${window.region}`] : []),
          ...(window.tier ? [Prisma.sql`r.tier = ${window.tier}`] : []),
          Prisma.sql`r.contract_end >= ${`${window.from}-01`}::date`,
          Prisma.sql`r.contract_end < ${`${monthAt(monthIndex(window.to) + 1)}-01`}::date`,
        ],
        ' AND ',
      )}`;

    const calendarRows = await served.db.$queryRaw<Row[]>`
      WITH t AS (${terms})
      SELECT t.month, t.region, t.tier, GROUPING(t.month) AS "byMonth", GROUPING(t.region) AS "byRegion", GROUPING(t.tier) AS "byTier", ${FIGURES}
      FROM t
      GROUP BY GROUPING SETS ((t.month, t.region), (t.month, t.tier), (t.month), ())`;
    const calendar = await read('/api/renewals/calendar');
    expect(calendarRows.length).toBeGreaterThan(1);
    const total = calendarRows.find((row) => row.byMonth === 1);
    expect(calendar.totals).toEqual(figuresOf(total));
    for (const month of calendar.months as { month: string; byRegion: unknown[]; byTier: unknown[] }[]) {
      const own = calendarRows.filter((row) => row.byMonth === 0 && row.month === month.month);
      expect(month).toEqual({
        month: month.month,
        ...figuresOf(own.find((row) => row.byRegion === 1 && row.byTier === 1)),
        byRegion: expect.arrayContaining(
          own.filter((row) => row.byRegion === 0).map((row) => ({ region: row.region, ...figuresOf(row) })),
        ),
        byTier: expect.arrayContaining(
          own.filter((row) => row.byTier === 0).map((row) => ({ tier: row.tier, ...figuresOf(row) })),
        ),
      });
      expect(month.byRegion).toHaveLength(own.filter((row) => row.byRegion === 0).length);
      expect(month.byTier).toHaveLength(own.filter((row) => row.byTier === 0).length);
    }

    const forecastRows = await served.db.$queryRaw<Row[]>`
      WITH t AS (${terms})
      SELECT t.region, t.tier, GROUPING(t.region) AS "byRegion", GROUPING(t.tier) AS "byTier", ${FORECAST_FIGURES}
      FROM t
      GROUP BY GROUPING SETS ((t.region), (t.tier), ())
      ORDER BY t.region, t.tier`;
    const reasons = await served.db.$queryRaw<{ churnReason: string; count: number; value: number }[]>`
      WITH t AS (${terms}), churned AS (
        SELECT t.churn_reason AS reason, count(*)::int AS count, ${money(Prisma.sql`sum(t.value)`)} AS value
        FROM t WHERE t.outcome = 'churned' GROUP BY t.churn_reason
      )
      SELECT c.reason AS "churnReason", COALESCE(d.count, 0)::int AS count, COALESCE(d.value, 0)::float8 AS value
      FROM unnest(${[...CHURN_REASONS]}::text[]) WITH ORDINALITY AS c(reason, position)
      LEFT JOIN churned d ON d.reason = c.reason
      ORDER BY c.position`;
    const forecast = await read('/api/renewals/forecast');
    const all = forecastRows.find((row) => row.byRegion === 1 && row.byTier === 1)!;
    expect(forecast).toEqual({
      from: window.from,
      to: window.to,
      region: window.region ?? null,
      tier: window.tier ?? null,
      currency: null,
      ...forecastOf(all),
      byRegion: forecastRows
        .filter((row) => row.byRegion === 0)
        .map((row) => ({ region: row.region, ...forecastOf(row) })),
      byTier: forecastRows.filter((row) => row.byTier === 0).map((row) => ({ tier: row.tier, ...forecastOf(row) })),
      churnReasons: reasons,
    });
  });
});

// The statements over the terms as api/renewal/reads.ts ran them before the rollup.
const DECIDED_RENEWED = ['renewed', 'expanded', 'downgraded'];
const money = (sum: Prisma.Sql) => Prisma.sql`round(COALESCE(${sum}, 0)::numeric, 2)::float8`;
const ratio = (numerator: Prisma.Sql, denominator: Prisma.Sql) =>
  Prisma.sql`round((${numerator} / NULLIF(${denominator}, 0))::numeric, 4)::float8`;
const FIGURES = Prisma.sql`
  count(*)::int AS contracts,
  ${money(Prisma.sql`sum(t.value)`)} AS value,
  count(*) FILTER (WHERE t.outcome IS NULL)::int AS open,
  ${money(Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NULL)`)} AS "openValue",
  count(*) FILTER (WHERE t.outcome IS NULL AND t.at_risk)::int AS "atRisk",
  ${money(Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NULL AND t.at_risk)`)} AS "valueAtRisk",
  count(*) FILTER (WHERE t.outcome = ANY(${DECIDED_RENEWED}::text[]))::int AS renewed,
  ${money(Prisma.sql`sum(t.new_value) FILTER (WHERE t.outcome = ANY(${DECIDED_RENEWED}::text[]))`)} AS "renewedValue",
  count(*) FILTER (WHERE t.outcome = 'churned')::int AS churned,
  ${money(Prisma.sql`sum(t.value) FILTER (WHERE t.outcome = 'churned')`)} AS "churnedValue"`;
const FORECAST_FIGURES = Prisma.sql`${FIGURES},
  ${money(
    Prisma.sql`COALESCE(sum(t.new_value) FILTER (WHERE t.outcome IS NOT NULL), 0)
               + COALESCE(sum(COALESCE(t.proposed_value, t.value)) FILTER (WHERE t.outcome IS NULL AND NOT t.at_risk), 0)`,
  )} AS "expectedRenewalValue",
  ${ratio(Prisma.sql`sum(LEAST(t.new_value, t.value)) FILTER (WHERE t.outcome IS NOT NULL)`, Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NOT NULL)`)} AS "grossRevenueRetention",
  ${ratio(Prisma.sql`sum(t.new_value) FILTER (WHERE t.outcome IS NOT NULL)`, Prisma.sql`sum(t.value) FILTER (WHERE t.outcome IS NOT NULL)`)} AS "netRevenueRetention"`;

type Row = Record<string, number | string | null> & { byMonth: number; byRegion: number; byTier: number };
const FIGURE_NAMES = [
  'contracts',
  'value',
  'open',
  'openValue',
  'atRisk',
  'valueAtRisk',
  'renewed',
  'renewedValue',
  'churned',
  'churnedValue',
] as const;
const figuresOf = (row: Row | undefined) =>
  Object.fromEntries(FIGURE_NAMES.map((name) => [name, row?.[name] ?? 0])) as Record<string, number>;
const forecastOf = (row: Row) => ({
  ...figuresOf(row),
  expectedRenewalValue: row.expectedRenewalValue,
  grossRevenueRetention: row.grossRevenueRetention,
  netRevenueRetention: row.netRevenueRetention,
});
