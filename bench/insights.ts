/**
 * How long every insights report (api/insights) takes over N cases per playbook (default 100,000):
 * POC trials, deals (every other one converted from a trial), handoffs (one per won deal or trial
 * converted to delivery) and renewals (one per handed-over handoff), written by SQL generate_series
 * with their case_profile rows, then each report timed over its default window (a year) and the
 * slowest one's plan printed (EXPLAIN ANALYZE). The rollups the projections keep are built from
 * those rows as the migration's backfill builds them.
 *
 *   DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db npx tsx bench/insights.ts [cases]
 *
 * DATABASE_URL names a server and a role that may CREATE DATABASE (bench/support.ts); without it, PGlite.
 */
import { performance } from 'node:perf_hooks';
import type { Database } from '../db/prisma';
import { Prisma } from '../db/generated/client';
import { insightsRoutes } from '../api/insights/reports';
import type { AnyRoute } from '../api/http/route';
import { rebuildInsights } from '../activities/shared/insights-rollups';
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

const at = (days: string) => `'2027-06-30T12:00:00Z'::timestamptz - ((i % 540) * interval '1 day') + (${days})`;
const history = (stages: string[]) =>
  `jsonb_build_array(${stages.map((stage, step) => `jsonb_build_object('stage', '${stage}', 'enteredAt', ${at(`${step * 3} * interval '1 day'`)}, 'by', 'bench')`).join(', ')})`;
const REGION = `(ARRAY['east','west','north','south','central'])[i % 5 + 1]`;

runBench(async (db) => {
  const started = performance.now();
  await fill(db, 'poc_trial', {
    id: `'poc:' || i`,
    workflow_id: `'poc:' || i`,
    account: `'account-' || i`,
    region: REGION,
    industry: `(ARRAY['retail','finance','manufacturing'])[i % 3 + 1]`,
    product: `(ARRAY['crm','analytics'])[i % 2 + 1]`,
    amount: `10000 + (i % 97) * 1000`,
    stage: `CASE WHEN i % 4 = 0 THEN 'converted' WHEN i % 4 = 1 THEN 'lost' ELSE 'active' END`,
    stage_history: history(['requested', 'approved', 'active']),
    requested_at: at(`interval '0 days'`),
    approval_overdue: 'i % 10 = 0',
    outcome_stage: `CASE WHEN i % 4 = 0 THEN 'converted' WHEN i % 4 = 1 THEN 'lost' END`,
    outcome_at: at(`interval '9 days'`),
  });
  await fill(db, 'deal_case', {
    id: `'deal:' || i`,
    workflow_id: `'deal:' || i`,
    account: `'account-' || i`,
    region: REGION,
    amount: `50000 + (i % 97) * 1000`,
    stage: `CASE WHEN i % 3 = 0 THEN 'closed_won' ELSE 'in_progress' END`,
    stage_history: history(['requested', 'triaged', 'in_progress']),
    requested_at: at(`interval '10 days'`),
    response_overdue: 'i % 8 = 0',
    outcome_stage: `CASE WHEN i % 3 = 0 THEN 'closed_won' END`,
    outcome_at: at(`interval '40 days'`),
  });
  await fill(db, 'handoff', {
    id: `'handoff:' || i`,
    workflow_id: `'handoff:' || i`,
    account: `'account-' || i`,
    opportunity: `'opp-' || i`,
    region: REGION,
    amount: `50000`,
    source_playbook: `'deal-support'`,
    source_id: `'deal:' || i`,
    stage: `CASE WHEN i % 2 = 0 THEN 'handed_over' ELSE 'kicked_off' END`,
    stage_history: `CASE WHEN i % 2 = 0 THEN ${history(['package_pending', 'in_review', 'accepted', 'kicked_off', 'accepted_by_customer', 'handed_over'])} ELSE ${history(['package_pending', 'in_review', 'accepted', 'kicked_off'])} END`,
    milestones: `jsonb_build_array(jsonb_build_object('key', 'tested', 'status', 'done', 'completedAt', ${at(`interval '60 days'`)}, 'plannedDueDate', '2027-01-01', 'dueDate', '2027-01-01', 'slips', i % 3, 'overdue', false))`,
    projected_go_live: `'2027-09-01'::date + (i % 90)`,
    at_risk: 'i % 9 = 0',
  });
  await fill(db, 'renewal', {
    id: `'renewal:' || i`,
    workflow_id: `'renewal:' || i`,
    account: `'account-' || i`,
    region: REGION,
    contract_id: `'opp-' || i`,
    source_playbook: `'delivery-handoff'`,
    source_id: `'handoff:' || i`,
  });
  await db.$executeRawUnsafe(`
    INSERT INTO renewal_term (renewal_id, number, term_start, contract_end, value, outcome, at_risk, region, tier, projection_seq)
    SELECT 'renewal:' || i, 1, '2026-01-01', '2026-12-31', 1000, CASE WHEN i % 2 = 0 THEN 'renewed' END, false, 'east', 'key', 1
    FROM generate_series(0, ${CASES - 1}) AS i`);
  // One action with its effort on each trial, deal and handoff, by a person in the role that takes it.
  const effort = (table: string, key: string, id: string, type: string, role: string, people: number) =>
    fill(db, table, {
      [key]: `'${id}:' || i`,
      n: '1',
      at: at(`interval '1 day'`),
      type: `'${type}'`,
      actor: `'${role}-' || (i % ${people})`,
      actor_role: `'${role}'`,
      effort_minutes: '15 + i % 60',
    });
  await effort('poc_event', 'trial_id', 'poc', 'poc.approved', 'presales', 40);
  await effort('deal_event', 'deal_id', 'deal', 'deal.triaged', 'sales', 50);
  await effort('handoff_event', 'handoff_id', 'handoff', 'handoff.accepted', 'project_manager', 20);
  // The chain: deal i came from trial i when i is even; handoff i from deal i; renewal i from handoff i.
  await db.$executeRawUnsafe(`
    INSERT INTO case_profile (case_id, playbook, source_id, channel, industry, products, projection_seq)
    SELECT p.case_id, p.playbook, p.source_id, (ARRAY['search','tender','media','partner'])[i % 4 + 1],
           (ARRAY['retail','finance','manufacturing'])[i % 3 + 1], ARRAY[(ARRAY['crm','analytics'])[i % 2 + 1]], 1
    FROM generate_series(0, ${CASES - 1}) AS i,
    LATERAL (VALUES ('poc:' || i, 'poc', NULL), ('deal:' || i, 'deal', CASE WHEN i % 2 = 0 THEN 'poc:' || i END),
                    ('handoff:' || i, 'handoff', 'deal:' || i), ('renewal:' || i, 'renewal', 'handoff:' || i))
      AS p(case_id, playbook, source_id)`);
  process.stdout.write(
    `${CASES} cases per playbook written in ${((performance.now() - started) / 1000).toFixed(1)} s, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}\n`,
  );
  await db.$executeRawUnsafe('ANALYZE');
  // The rows above skipped the projections, so their rollups are built as the migration's backfill builds them.
  const rolled = performance.now();
  await rebuildInsights(db);
  // What autovacuum does to a table after a bulk insert: statistics, and the visibility map index-only scans need.
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  const [sizes] = await db.$queryRaw<{ opportunities: number; facts: number; months: number }[]>`
    SELECT (SELECT count(*)::int FROM insights_opportunity) AS opportunities,
           (SELECT count(*)::int FROM insights_fact) AS facts, (SELECT count(*)::int FROM insights_month) AS months`;
  process.stdout.write(
    `rollups built in ${((performance.now() - rolled) / 1000).toFixed(1)} s: ${sizes!.opportunities} opportunities, ${sizes!.facts} facts, ${sizes!.months} month rows\n`,
  );

  // The routes' own SQL, kept so the slowest report's plan can be shown.
  let lastQuery: Prisma.Sql | undefined;
  const watched = new Proxy(db, {
    get(target, key, receiver) {
      if (key !== '$queryRaw') return Reflect.get(target, key, receiver);
      return (strings: TemplateStringsArray, ...values: unknown[]) => {
        lastQuery = Prisma.sql(strings, ...values);
        return target.$queryRaw(strings, ...values);
      };
    },
  });
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
  let slowest = { label: '', p95: 0, sql: undefined as Prisma.Sql | undefined };
  for (const [operationId, filters] of reports) {
    const label = `${operationId} ${new URLSearchParams(filters).toString()}`.trim();
    await call(operationId, { ...query, ...filters });
    const durations: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
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
    if (p95 > slowest.p95) slowest = { label, p95, sql: lastQuery };
  }
  process.stdout.write(`\nslowest: ${slowest.label} (p95 ${slowest.p95.toFixed(1)} ms); its last statement's plan:\n`);
  const plan = await db.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql!}`;
  process.stdout.write(`${plan.map((row) => row['QUERY PLAN']).join('\n')}\n`);
});
