/**
 * How long every insights report (api/insights) takes over N cases per playbook (default 100,000):
 * POC trials, deals (those of converted trials come from them), handoffs (those of won deals come
 * from them) and renewals (one per handoff), written by SQL generate_series with their case_profile
 * rows and timeline entries with effort, shaped like real data (drawCases below), then each report
 * timed over its default window (a year) and windows that start and end mid-month, and the slowest
 * one's statements' plans printed (EXPLAIN ANALYZE), with the size of each rollup and the load
 * average. The rollups the projections keep are built from those rows as the migration's backfill
 * builds them.
 *
 *   DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db npx tsx bench/insights.ts [cases]
 *
 * DATABASE_URL names a server and a role that may CREATE DATABASE (bench/support.ts); without it, PGlite.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Database } from '../db/prisma';
import { Prisma } from '../db/generated/client';
import { insightsRoutes } from '../api/insights/reports';
import type { AnyRoute } from '../api/http/route';
import { rebuildInsights, refreshInsights } from '../activities/shared/insights-rollups';
import { routeCaller, runBench } from './support';

const CASES = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

/** A filler for every NOT NULL column without a default, by type, so only the columns that matter are written. */
async function fillers(db: Database, table: string): Promise<Map<string, string>> {
  const columns = await db.$queryRaw<{ column_name: string; data_type: string }[]>`
    SELECT column_name::text, data_type::text FROM information_schema.columns
    WHERE table_name = ${table} AND table_schema = 'public' AND is_nullable = 'NO' AND column_default IS NULL`;
  const value = (type: string) =>
    type === 'ARRAY'
      ? `'{}'`
      : type === 'jsonb'
        ? `'[]'::jsonb`
        : type === 'boolean'
          ? 'false'
          : type === 'date'
            ? `'2027-01-01'::date`
            : type.startsWith('timestamp')
              ? `'2027-01-01T00:00:00Z'::timestamptz`
              : ['integer', 'double precision', 'bigint', 'numeric'].includes(type)
                ? '0'
                : `'x'`;
  return new Map(columns.map((column) => [column.column_name, value(column.data_type)]));
}

async function fill(db: Database, table: string, values: Record<string, string>, from = ''): Promise<void> {
  const columns = new Map([...(await fillers(db, table)), ...Object.entries(values)]);
  await db.$executeRawUnsafe(
    `INSERT INTO ${table} (${[...columns.keys()].join(', ')})
     SELECT ${[...columns.values()].join(', ')} FROM generate_series(0, ${CASES - 1}) AS i ${from}`,
  );
}

/*
 * The data is shaped like a real read model rather than a grid: every case draws its region, channel, industry,
 * products, request time and each stay from its own pseudo-random numbers (hashint4 of the case number and a
 * salt, so every run writes the same rows), with skewed shares as sales data has them (a few regions, channels
 * and products carry most cases), so one day holds many combinations of the dimensions and insights_month
 * holds about as many rows as real data would give it. Stays run from minutes (automated steps) to months.
 */
/** A uniform number in [0, 1) for case `i` and `salt`. */
const u = (salt: number) => `((hashint4(i * 7919 + ${salt})::int8 + 2147483648) / 4294967296.0)`;
/** One of `values`, `shares` (summing to 1) of the cases each, drawn with salt `salt`. */
const skewed = (salt: number, values: string[], shares: number[]) => {
  const edges = shares.slice(0, -1).map((_, index) => shares.slice(0, index + 1).reduce((a, b) => a + b, 0));
  return `(ARRAY[${values.map((value) => `'${value}'`).join(',')}])[width_bucket(${u(salt)}, ARRAY[${edges.join(',')}]::numeric[]) + 1]`;
};
const REGIONS = skewed(1, ['east', 'west', 'north', 'south', 'central'], [0.36, 0.26, 0.17, 0.13, 0.08]);
const CHANNELS = skewed(
  2,
  ['search', 'network', 'tender', 'partner', 'media', 'event'],
  [0.38, 0.2, 0.17, 0.14, 0.05, 0.06],
);
const INDUSTRIES = skewed(
  3,
  ['retail', 'finance', 'manufacturing', 'healthcare', 'energy', 'logistics', 'education', 'government'],
  [0.24, 0.2, 0.17, 0.12, 0.1, 0.08, 0.05, 0.04],
);
const PRODUCTS = ['crm', 'analytics', 'billing', 'support', 'iot', 'security'];
const PRODUCT_SHARES = [0.34, 0.24, 0.16, 0.12, 0.08, 0.06];
/** Days of a stay: `low` plus up to `spread` more, most of them short (u squared). */
const stay = (salt: number, low: number, spread: number) => `(${low} + ${spread} * ${u(salt)} * ${u(salt + 1)})`;
/** The stays of each playbook's stages, in days, in the order the stages are entered (salt, least, spread). */
const STAYS = {
  // trial: requested (approval takes hours to days), approved, provisioning (automated: minutes), ready, active
  poc: [
    [20, 0.02, 5],
    [22, 0.0005, 0.01],
    [24, 0.1, 3],
    [26, 0, 4],
    [28, 5, 60],
  ],
  // deal: its request 1 to 20 days after the trial's, requested (triage), triaged, in progress
  deal: [
    [30, 1, 20],
    [32, 0.01, 4],
    [34, 0.05, 2],
    [36, 3, 120],
  ],
  // handoff: started after the deal closed, package pending, in review, accepted, kicked off, live
  handoff: [
    [40, 0.001, 1],
    [42, 0.2, 6],
    [44, 0.1, 4],
    [46, 1, 9],
    [48, 14, 120],
    [50, 1, 20],
  ],
} as const;
type Playbook = keyof typeof STAYS;
const stayColumns = (playbook: Playbook) =>
  STAYS[playbook].map(([salt, least, spread], index) => `${stay(salt, least, spread)} AS ${playbook}_${index}`);
/** When the case entered the stage after its first `count` stays of `playbook` (after `offset` more days). */
const entered = (playbook: Playbook, count: number, offset = '0') =>
  `(b.requested_at + round((${offset}${STAYS[playbook]
    .slice(0, count)
    .map((_, index) => ` + b.${playbook}_${index}`)
    .join('')}) * 86400000) * interval '1 millisecond')`;
// A deal that came from a trial is asked for after the trial converted; the others start the chain themselves.
const DEAL_OFFSET = `CASE WHEN b.deal_from_trial THEN ${STAYS.poc.map((_, index) => `b.poc_${index}`).join(' + ')} + b.deal_0 ELSE 0 END`;
const dealEntered = (count: number) => entered('deal', count + 1, `-b.deal_0 + ${DEAL_OFFSET}`);
const handoffEntered = (count: number) =>
  entered('handoff', count + 1, `${DEAL_OFFSET} + b.deal_1 + b.deal_2 + b.deal_3`);

/** Per case number: its dimensions, request time, fates and stays. */
async function drawCases(db: Database): Promise<void> {
  await db.$executeRawUnsafe(`
    CREATE UNLOGGED TABLE bench_case AS
    SELECT i AS k, ${REGIONS} AS region, ${CHANNELS} AS channel, ${INDUSTRIES} AS industry,
           ${skewed(4, PRODUCTS, PRODUCT_SHARES)} AS product,
           ARRAY(SELECT DISTINCT p FROM unnest(ARRAY[${skewed(4, PRODUCTS, PRODUCT_SHARES)},
                 CASE WHEN ${u(5)} < 0.35 THEN ${skewed(6, PRODUCTS, PRODUCT_SHARES)} END,
                 CASE WHEN ${u(7)} < 0.1 THEN ${skewed(8, PRODUCTS, PRODUCT_SHARES)} END]) p WHERE p IS NOT NULL ORDER BY p)
             AS products,
           -- 540 days back from mid 2027, more of them recent (the business grows), at any time of day.
           '2027-06-30T23:59:59.999Z'::timestamptz - round(540 * power(${u(9)}, 1.2) * 86400000) * interval '1 millisecond'
             AS requested_at,
           ${u(10)} AS poc_fate, ${u(11)} AS deal_fate, ${u(12)} AS handoff_fate,
           10000 + round(${u(13)} * 190000) AS poc_amount, 20000 + round(power(${u(14)}, 2) * 980000) AS deal_amount,
           ${u(10)} < 0.3 AS deal_from_trial, round(${u(16)} * 1000)::int AS person,
           ${[...stayColumns('poc'), ...stayColumns('deal'), ...stayColumns('handoff')].join(', ')}
    FROM generate_series(0, ${CASES - 1}) AS i`);
  await db.$executeRawUnsafe(`ALTER TABLE bench_case ADD PRIMARY KEY (k)`);
}

/** A stage history: each stage entered (time is an SQL timestamp), those whose time is not null, in order. */
const history = (stages: [string, string][]) =>
  `jsonb_path_query_array(jsonb_build_array(${stages
    .map(([stage, time]) => `jsonb_build_object('stage', '${stage}', 'enteredAt', ${time}, 'by', 'bench')`)
    .join(', ')}), '$[*] ? (@.enteredAt != null)')`;
/** Only the time when `condition` holds (the case got that far). */
const when = (condition: string, time: string) => `CASE WHEN ${condition} THEN ${time} END`;
const JOIN_CASE = 'JOIN bench_case b ON b.k = i';
// Fates: a trial converts (30%), is lost (22%) or is still open; a deal is won (38%), lost (27%) or open; a
// handoff of a won deal is live (60% of them) and handed over (45%); a handed-over one renews (80%).
const POC_CONVERTED = 'b.poc_fate < 0.3';
const POC_LOST = 'b.poc_fate >= 0.3 AND b.poc_fate < 0.52';
const POC_STAGE = `CASE WHEN ${POC_CONVERTED} THEN 'converted' WHEN ${POC_LOST} THEN 'lost' WHEN b.poc_fate < 0.7 THEN 'active' WHEN b.poc_fate < 0.8 THEN 'ready' ELSE 'requested' END`;
const DEAL_WON = 'b.deal_fate < 0.38';
const DEAL_STAGE = `CASE WHEN ${DEAL_WON} THEN 'closed_won' WHEN b.deal_fate < 0.65 THEN 'closed_lost' WHEN b.deal_fate < 0.85 THEN 'in_progress' ELSE 'requested' END`;
const HANDOFF_STAGE = `CASE WHEN b.handoff_fate < 0.45 THEN 'handed_over' WHEN b.handoff_fate < 0.6 THEN 'accepted_by_customer' WHEN b.handoff_fate < 0.8 THEN 'kicked_off' ELSE 'in_review' END`;

runBench(async (db) => {
  const started = performance.now();
  await drawCases(db);
  await fill(
    db,
    'poc_trial',
    {
      id: `'poc:' || i`,
      workflow_id: `'poc:' || i`,
      account: `'account-' || i`,
      region: 'b.region',
      industry: 'b.industry',
      product: 'b.product',
      amount: 'b.poc_amount',
      stage: POC_STAGE,
      stage_history: history([
        ['requested', entered('poc', 0)],
        ['approved', when('b.poc_fate < 0.8', entered('poc', 1))],
        ['provisioning', when('b.poc_fate < 0.8', entered('poc', 2))],
        ['ready', when('b.poc_fate < 0.8', entered('poc', 3))],
        ['active', when('b.poc_fate < 0.7', entered('poc', 4))],
        ['converted', when(POC_CONVERTED, entered('poc', 5))],
        ['lost', when(POC_LOST, entered('poc', 5))],
      ]),
      requested_at: 'b.requested_at',
      approval_overdue: 'b.poc_0 > 3',
      outcome_stage: `CASE WHEN ${POC_CONVERTED} THEN 'converted' WHEN ${POC_LOST} THEN 'lost' END`,
      outcome_at: when('b.poc_fate < 0.52', entered('poc', 5)),
    },
    JOIN_CASE,
  );
  await fill(
    db,
    'deal_case',
    {
      id: `'deal:' || i`,
      workflow_id: `'deal:' || i`,
      account: `'account-' || i`,
      region: 'b.region',
      amount: 'b.deal_amount',
      stage: DEAL_STAGE,
      stage_history: history([
        ['requested', dealEntered(0)],
        ['triaged', when('b.deal_fate < 0.85', dealEntered(1))],
        ['in_progress', when('b.deal_fate < 0.85', dealEntered(2))],
        ['closed_won', when(DEAL_WON, dealEntered(3))],
        ['closed_lost', when(`NOT ${DEAL_WON} AND b.deal_fate < 0.65`, dealEntered(3))],
      ]),
      requested_at: dealEntered(0),
      response_overdue: 'b.deal_1 > 2',
      outcome_stage: `CASE WHEN ${DEAL_WON} THEN 'closed_won' WHEN b.deal_fate < 0.65 THEN 'closed_lost' END`,
      outcome_at: when('b.deal_fate < 0.65', dealEntered(3)),
    },
    JOIN_CASE,
  );
  const milestone = (key: string, salt: number, due: number) =>
    `jsonb_build_object('key', '${key}', 'status', CASE WHEN ${u(salt)} < 0.7 THEN 'done' ELSE 'open' END,
       'completedAt', ${handoffEntered(3)} + round(${due} * (0.7 + 0.6 * ${u(salt + 1)})) * interval '1 day',
       'plannedDueDate', to_char(${handoffEntered(3)} + ${due} * interval '1 day', 'YYYY-MM-DD'),
       'dueDate', to_char(${handoffEntered(3)} + ${due} * interval '1 day', 'YYYY-MM-DD'),
       'slips', CASE WHEN ${u(salt + 2)} < 0.2 THEN 1 ELSE 0 END, 'overdue', ${u(salt + 3)} < 0.1)`;
  await fill(
    db,
    'handoff',
    {
      id: `'handoff:' || i`,
      workflow_id: `'handoff:' || i`,
      account: `'account-' || i`,
      opportunity: `'opp-' || i`,
      region: 'b.region',
      amount: 'b.deal_amount',
      source_playbook: `CASE WHEN ${DEAL_WON} THEN 'deal-support' ELSE 'api' END`,
      source_id: `CASE WHEN ${DEAL_WON} THEN 'deal:' || i END`,
      stage: HANDOFF_STAGE,
      stage_history: history([
        ['package_pending', handoffEntered(0)],
        ['in_review', handoffEntered(1)],
        ['accepted', when('b.handoff_fate < 0.8', handoffEntered(2))],
        ['kicked_off', when('b.handoff_fate < 0.8', handoffEntered(3))],
        ['accepted_by_customer', when('b.handoff_fate < 0.6', handoffEntered(4))],
        ['handed_over', when('b.handoff_fate < 0.45', handoffEntered(5))],
      ]),
      milestones: `jsonb_build_array(${milestone('kickoff', 60, 5)}, ${milestone('integrated', 64, 40)}, ${milestone('trained', 68, 70)})`,
      projected_go_live: `(${handoffEntered(4)})::date`,
      at_risk: `${u(72)} < 0.12`,
    },
    JOIN_CASE,
  );
  await fill(
    db,
    'renewal',
    {
      id: `'renewal:' || i`,
      workflow_id: `'renewal:' || i`,
      account: `'account-' || i`,
      region: 'b.region',
      contract_id: `'opp-' || i`,
      source_playbook: `'delivery-handoff'`,
      source_id: `'handoff:' || i`,
    },
    JOIN_CASE,
  );
  await db.$executeRawUnsafe(`
    INSERT INTO renewal_term (renewal_id, number, term_start, contract_end, value, outcome, at_risk, region, tier, projection_seq)
    SELECT 'renewal:' || i, 1, '2026-01-01', '2026-12-31', 1000,
           CASE WHEN b.handoff_fate < 0.45 AND ${u(80)} < 0.8 THEN 'renewed' END, false, b.region, 'key', 1
    FROM generate_series(0, ${CASES - 1}) AS i ${JOIN_CASE}`);
  // Actions with their effort on each trial, deal and handoff, by people in the role that takes each.
  const effort = (table: string, key: string, id: string, n: number, type: string, role: string, people: number) =>
    fill(
      db,
      table,
      {
        [key]: `'${id}:' || i`,
        n: `${n}`,
        at: 'b.requested_at',
        type: `'${type}'`,
        actor: `'${role}-' || ((b.person * ${n + 3}) % ${people})`,
        actor_role: `'${role}'`,
        effort_minutes: `CASE WHEN ${u(90 + n)} < 0.8 THEN 5 + round(${u(95 + n)} * ${u(100 + n)} * 240) END`,
      },
      JOIN_CASE,
    );
  await effort('poc_event', 'trial_id', 'poc', 1, 'poc.approved', 'regional_ops', 30);
  await effort('poc_event', 'trial_id', 'poc', 2, 'poc.checked_in', 'presales', 60);
  await effort('poc_event', 'trial_id', 'poc', 3, 'poc.criterion_met', 'sales', 120);
  await effort('deal_event', 'deal_id', 'deal', 1, 'deal.triaged', 'presales', 60);
  await effort('deal_event', 'deal_id', 'deal', 2, 'deal.support_action', 'sales', 120);
  await effort('handoff_event', 'handoff_id', 'handoff', 1, 'handoff.accepted', 'project_manager', 25);
  await effort('handoff_event', 'handoff_id', 'handoff', 2, 'handoff.milestone_done', 'ops_manager', 15);
  // The chain: deal i came from trial i when the trial converted; handoff i from deal i when it was won.
  await db.$executeRawUnsafe(`
    INSERT INTO case_profile (case_id, playbook, source_id, channel, industry, products, projection_seq)
    SELECT p.case_id, p.playbook, p.source_id, b.channel, b.industry, b.products, 1
    FROM generate_series(0, ${CASES - 1}) AS i ${JOIN_CASE},
    LATERAL (VALUES ('poc:' || i, 'poc', NULL), ('deal:' || i, 'deal', CASE WHEN b.deal_from_trial THEN 'poc:' || i END),
                    ('handoff:' || i, 'handoff', CASE WHEN ${DEAL_WON} THEN 'deal:' || i END),
                    ('renewal:' || i, 'renewal', 'handoff:' || i))
      AS p(case_id, playbook, source_id)`);
  await db.$executeRawUnsafe('DROP TABLE bench_case');
  process.stdout.write(
    `${CASES} cases per playbook written in ${((performance.now() - started) / 1000).toFixed(1)} s, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}\n`,
  );
  await db.$executeRawUnsafe('ANALYZE');
  // The rows above skipped the projections, so their rollups are built as the migration's backfill builds them.
  const rolled = performance.now();
  await rebuildInsights(db);
  // What autovacuum does to a table after a bulk insert: statistics, and the visibility map index-only scans need.
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  const [sizes] = await db.$queryRaw<{ opportunities: number; facts: number; months: number; stays: number }[]>`
    SELECT (SELECT count(*)::int FROM insights_opportunity) AS opportunities,
           (SELECT count(*)::int FROM insights_fact) AS facts, (SELECT count(*)::int FROM insights_month) AS months,
           (SELECT count(*)::int FROM insights_stay) AS stays`;
  process.stdout.write(
    `rollups built in ${((performance.now() - rolled) / 1000).toFixed(1)} s: ${sizes!.opportunities} opportunities, ` +
      `${sizes!.facts} facts, insights_month ${sizes!.months} rows, ${sizes!.stays} stays\n`,
  );

  // The routes' own SQL (inside their transactions too), kept so the slowest report's plan can be shown.
  let statements: Prisma.Sql[] = [];
  const watch = <T extends object>(client: T): T =>
    new Proxy(client, {
      get(target, key, receiver) {
        const member = Reflect.get(target, key, receiver) as (...args: unknown[]) => unknown;
        if (key === '$queryRaw')
          return (strings: TemplateStringsArray, ...values: unknown[]) => {
            statements.push(Prisma.sql(strings, ...values));
            return member.call(target, strings, ...values);
          };
        if (key === '$transaction')
          return (work: unknown, options: unknown) =>
            member.call(
              target,
              typeof work === 'function' ? (tx: object) => (work as (tx: object) => unknown)(watch(tx)) : work,
              options,
            );
        return member;
      },
    });
  const watched = watch(db);
  const call = routeCaller(insightsRoutes(watched) as AnyRoute[]);
  const reports: [string, Record<string, string>][] = [
    ['getInsightsFunnel', {}],
    ['getInsightsFunnel', { region: 'east', channel: 'search' }],
    ['getInsightsCycleTimes', {}],
    ['getInsightsSla', {}],
    ['getInsightsDelivery', {}],
    ['getInsightsChannels', {}],
    ['getInsightsProducts', {}],
    ['getInsightsEffort', {}],
    ['listInsightsCases', { step: 'renewed' }],
    // A window starting and ending mid-month: its first and last days come from the facts, not the months.
    ['getInsightsFunnel', { from: '2026-07-15', to: '2027-06-14' }],
    ['getInsightsCycleTimes', { from: '2026-07-15', to: '2027-06-14' }],
  ];
  const query = { to: '2027-06-30' };
  let slowest = { label: '', p95: 0, sql: [] as Prisma.Sql[] };
  for (const [operationId, filters] of reports) {
    const label = `${operationId} ${new URLSearchParams(filters).toString()}`.trim();
    await call(operationId, { ...query, ...filters });
    const durations: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      // The statements of the last run alone, for the plans.
      statements = [];
      const begun = performance.now();
      await call(operationId, { ...query, ...filters });
      durations.push(performance.now() - begun);
    }
    durations.sort((a, b) => a - b);
    const p95 = durations[Math.ceil(durations.length * 0.95) - 1]!;
    const median = durations[Math.floor(durations.length / 2)]!;
    process.stdout.write(
      `${label.padEnd(56)} median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${RUNS} runs)\n`,
    );
    if (p95 > slowest.p95) slowest = { label, p95, sql: [...statements] };
  }
  process.stdout.write(
    `\nslowest: ${slowest.label} (p95 ${slowest.p95.toFixed(1)} ms); the plans of its statements:\n`,
  );
  for (const sql of slowest.sql) {
    const plan = await db.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN (ANALYZE, BUFFERS) ${sql}`;
    process.stdout.write(`${plan.map((row) => row['QUERY PLAN']).join('\n')}\n\n`);
  }
  await projectionThroughput(db);
  process.stdout.write(
    `load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}\n`,
  );
});

/**
 * What the rollups cost a projection: trials of the newest month (where real traffic lands, so their projections
 * share insights_month, insights_slice and the other rollups' rows) each enter one more stage an hour after their last
 * and flip their approval SLA, then refreshInsights brings the rollups along, in the transaction that changed the
 * row, as the projections do. Printed per concurrency: projections a second and their latency (median, p95).
 */
async function projectionThroughput(db: Database): Promise<void> {
  const ids = (
    await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM poc_trial WHERE requested_at >= '2027-06-01' ORDER BY hashtext(id) LIMIT 600`
  ).map((row) => row.id);
  let next = 0;
  for (const [concurrency, count] of [
    [1, 150],
    [4, 400],
  ] as const) {
    const batch = ids.slice(next, next + count);
    next += count;
    const latencies: number[] = [];
    let failed = 0;
    const begun = performance.now();
    const worker = async () => {
      for (let id = batch.shift(); id !== undefined; id = batch.shift()) {
        const started = performance.now();
        await db
          .$transaction(
            async (tx) => {
              await tx.$executeRaw`
                UPDATE poc_trial SET approval_overdue = NOT approval_overdue,
                  stage_history = stage_history || jsonb_build_array(jsonb_build_object('stage', 'bench_touched',
                    'enteredAt', to_char(((stage_history->-1->>'enteredAt')::timestamptz + interval '1 hour')
                                         AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'by', 'bench'))
                WHERE id = ${id}`;
              await refreshInsights(tx, id);
            },
            { timeout: 60_000, maxWait: 60_000 },
          )
          .catch(() => (failed += 1));
        latencies.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - begun) / 1000;
    latencies.sort((a, b) => a - b);
    process.stdout.write(
      `projection rollup writes, concurrency ${concurrency}: ${count} in ${seconds.toFixed(1)} s = ` +
        `${(count / seconds).toFixed(1)}/s, latency median ${latencies[Math.floor(count / 2)]!.toFixed(1)} ms, ` +
        `p95 ${latencies[Math.ceil(count * 0.95) - 1]!.toFixed(1)} ms, ${failed} failed\n`,
    );
  }
}
