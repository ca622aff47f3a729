import { performance } from 'node:perf_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { createLaunchProjection } from '../../activities/launch/projection';
import { createPocProjection } from '../../activities/poc/projection';
import { RECOUNT_POC_ROLLUPS } from '../../activities/poc/rollups';
import { RECOUNT_RENEWAL_ROLLUP } from '../../activities/renewal/rollups';
import { createRenewalProjection } from '../../activities/renewal/projection';
import { launchReadRoutes } from '../../api/launch/reads';
import { taskReadRoutes } from '../../api/tasks/reads';
import { REBUILD_WORK_TASKS } from '../../activities/shared/work-tasks';
import { pocReadRoutes } from '../../api/poc/reads';
import { renewalReadRoutes } from '../../api/renewal/reads';
import type { AnyRoute } from '../../api/http/route';
import { PrismaClient } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import { applyMigrations } from '../../db/migrate';
import { benchDatabase, routeCaller } from '../support';
import { NOW, syntheticLaunch, syntheticRenewal, syntheticTrial } from '../synthetic';
import { percentile } from './engine-figures';
import { load } from './stack';

/**
 * The read rows of issue 14's table: the POC dashboard, the renewal calendar and forecast, my tasks
 * and the at-risk lists over 10k and 100k cases of each kind. A thousand seed cases of each kind go
 * through the real projection activities; SQL then copies them (`INSERT ... SELECT` over
 * `generate_series`, ids suffixed) up to the size asked for, so every row has a real projection's
 * shape. Each route runs in this process against the same database with a fixed clock (NOW), and the
 * slowest SQL statement seen is explained with ANALYZE.
 */

const print = (line: string) => process.stdout.write(`${line}\n`);
const SEEDS = 1000;
const RUNS = 20;

/** Rows copied per table: which columns carry the case's identity and must stay unique. */
const COPIED: { table: string; keys: string[] }[] = [
  { table: 'poc_trial', keys: ['id', 'workflow_id', 'account', 'opportunity_id'] },
  { table: 'poc_stage_interval', keys: ['trial_id'] },
  { table: 'renewal', keys: ['id', 'workflow_id', 'account', 'contract_id'] },
  { table: 'renewal_term', keys: ['renewal_id'] },
  { table: 'launch_run', keys: ['id', 'workflow_id'] },
  { table: 'launch_item', keys: ['launch_id'] },
  { table: 'launch_gate', keys: ['launch_id'] },
];
const IDENTITY: Record<string, string> = {
  poc_trial: 'id',
  poc_stage_interval: 'trial_id',
  renewal: 'id',
  renewal_term: 'renewal_id',
  launch_run: 'id',
  launch_item: 'launch_id',
  launch_gate: 'launch_id',
};

/**
 * BENCH_POC_SPREAD=1 moves each copy's POC times by up to a day, a different amount per copy and per
 * stage entered, so the copies' stays differ to the second, as real trials' do, instead of repeating
 * their seed's times (which the daily rollups would count as one row per seed visit).
 */
const SPREAD = process.env.BENCH_POC_SPREAD === '1';
/** Seconds a copy `g` moves the moment its `n`th stage was entered (n = 0 for the trial's own times). */
const shift = (n: string) =>
  `make_interval(secs => ((g + 1) * ((${n}) + 1) * 7919 + (${n}) * (${n}) * 104729) % 86400)`;
const SPREAD_COLUMNS: Record<string, Record<string, string>> = {
  poc_trial: Object.fromEntries(
    ['requested_at', 'stage_entered_at', 'outcome_at', 'ended_at'].map((column) => [
      column,
      `s.${column} + ${shift('0')}`,
    ]),
  ),
  poc_stage_interval: { entered_at: `s.entered_at + ${shift('s.n')}`, left_at: `s.left_at + ${shift('s.n + 1')}` },
};

interface Statement {
  sql: string;
  params: unknown[];
  ms: number;
  route: string;
}

export async function readFigures(sizes: number[]): Promise<void> {
  const database = await benchDatabase();
  await applyMigrations(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: false }),
    log: [{ emit: 'event', level: 'query' }],
  });
  let current = '';
  let slowest: Statement | undefined;
  // BENCH_EXPLAIN names rows (part of their label, e.g. "my tasks") whose slowest statement is explained too.
  const explained = process.env.BENCH_EXPLAIN;
  const slowestOf = new Map<string, Statement>();
  db.$on('query', (event) => {
    if (!current) return;
    const statement = {
      sql: event.query,
      params: JSON.parse(event.params) as unknown[],
      ms: event.duration,
      route: current,
    };
    if (!slowest || event.duration > slowest.ms) slowest = statement;
    if (explained && current.includes(explained) && event.duration > (slowestOf.get(current)?.ms ?? -1))
      slowestOf.set(current, statement);
  });
  try {
    await seed(db as unknown as Database);
    let copies = 1;
    for (const size of sizes) {
      const began = performance.now();
      const target = Math.ceil(size / SEEDS);
      await copy(pool, copies, target - 1);
      copies = target;
      // The copies bypass the projections, which keep the rollups and the tasks: count and derive them again.
      await db.$transaction(
        [...RECOUNT_POC_ROLLUPS, ...RECOUNT_RENEWAL_ROLLUP].map((statement) => db.$executeRaw(statement)),
      );
      for (const statement of REBUILD_WORK_TASKS) await pool.query(statement);
      const tasks = await pool.query<{ all: string; blocked: string }>(
        'SELECT count(*) AS all, count(*) FILTER (WHERE blocked) AS blocked FROM work_task',
      );
      const visits = await pool.query<{ visits: string; days: string }>(
        `SELECT (SELECT count(*) FROM poc_stage_interval WHERE left_at IS NOT NULL) AS visits,
                (SELECT count(*) FROM poc_visit_day WHERE count > 0) AS days`,
      );
      print(
        `poc_visit_day holds ${visits.rows[0]!.days} rows for ${visits.rows[0]!.visits} ended stage visits${SPREAD ? ' (copies spread)' : " (copies repeat their seed's times)"}`,
      );
      print(`work_task holds ${tasks.rows[0]!.all} open tasks, ${tasks.rows[0]!.blocked} of them blocked`);
      // As autovacuum leaves a table in steady state: statistics current, pages all-visible for index-only scans.
      await pool.query('VACUUM ANALYZE');
      print(
        `read model filled to ${size} trials, ${size} renewals and ${size} launch runs in ${((performance.now() - began) / 1000).toFixed(0)} s  ${load()}`,
      );
      slowest = undefined;
      const timings = await timeRoutes(db as unknown as Database, (label) => (current = label));
      current = '';
      for (const [label, values] of timings) {
        print(
          `${`  ${label} at ${size / 1000}k`.padEnd(60)} p50 ${percentile(values, 50).toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms (goal p95 < 50 ms)  ${load()}`,
        );
      }
      if (slowest) await explain(pool, slowest, size);
      for (const statement of slowestOf.values()) if (statement !== slowest) await explain(pool, statement, size);
      slowestOf.clear();
    }
  } finally {
    await db.$disconnect();
    await pool.end();
    // BENCH_KEEP_DATABASE=1 leaves it for EXPLAIN by hand (its URL goes to stderr).
    if (process.env.BENCH_KEEP_DATABASE === '1') process.stderr.write(`read-model database kept: ${database.url}\n`);
    else await database.drop();
  }
}

async function seed(db: Database): Promise<void> {
  const began = performance.now();
  const { projectPoc } = createPocProjection(db, ['log']);
  const { projectRenewal } = createRenewalProjection(db, ['log']);
  const { projectRun } = createLaunchProjection(db, ['log']);
  for (let index = 0; index < SEEDS; index += 1) {
    await projectPoc(syntheticTrial(index));
    await projectRenewal(syntheticRenewal(index));
    await projectRun(syntheticLaunch(index));
  }
  print(
    `seeded ${SEEDS} trials, renewals and launch runs through the projection activities in ${((performance.now() - began) / 1000).toFixed(0)} s`,
  );
}

/** Copies the seed rows of every table `from`..`to` times, each copy's ids suffixed with ~n. */
async function copy(pool: pg.Pool, from: number, to: number): Promise<void> {
  if (to < from) return;
  for (const { table, keys } of COPIED) {
    const { rows } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position`,
      [table],
    );
    const columns = rows.map((row) => row.column_name);
    const spread = SPREAD ? (SPREAD_COLUMNS[table] ?? {}) : {};
    const values = columns.map((column) =>
      keys.includes(column) ? `s.${column} || '~' || g` : (spread[column] ?? `s.${column}`),
    );
    await pool.query(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT ${values.join(', ')} FROM ${table} s CROSS JOIN generate_series(${from}, ${to}) g
       WHERE position('~' IN s.${IDENTITY[table]}) = 0`,
    );
  }
}

async function timeRoutes(db: Database, labelled: (label: string) => void): Promise<Map<string, number[]>> {
  const call = routeCaller([
    ...(pocReadRoutes(db, () => NOW) as AnyRoute[]),
    ...(renewalReadRoutes(db, () => NOW) as AnyRoute[]),
    ...(launchReadRoutes(db) as AnyRoute[]),
    ...(taskReadRoutes(db, () => NOW) as AnyRoute[]),
  ]);
  const routes: [string, string, Record<string, string>][] = [
    ['POC dashboard, one region, 12 months', 'getPocDashboard', { region: 'east' }],
    ['POC dashboard, every region, 12 months', 'getPocDashboard', {}],
    ['POC dashboard, every region, 24 months', 'getPocDashboard', { from: '2025-07-01', to: '2027-06-30' }],
    // Starts and ends inside a month, so those days come from the trials and visits themselves.
    [
      'POC dashboard, every region, mid-month to mid-month',
      'getPocDashboard',
      { from: '2026-06-16', to: '2027-06-15' },
    ],
    ['renewal calendar, one region, 12 months', 'getRenewalCalendar', { region: 'east' }],
    ['renewal calendar, every region, 24 months', 'getRenewalCalendar', { from: '2026-07', to: '2028-06' }],
    ['renewal forecast, one region, 12 months', 'getRenewalForecast', { region: 'east' }],
    ['renewal forecast, every region, 24 months', 'getRenewalForecast', { from: '2026-07', to: '2028-06' }],
    ['my tasks (ops manager), first page', 'listTasks', {}],
    ['at-risk POC trials in east, first page', 'listPocs', { region: 'east', atRisk: 'true' }],
    ['at-risk renewals in east, first page', 'listRenewals', { region: 'east', atRisk: 'true' }],
  ];
  const timings = new Map<string, number[]>();
  for (const [label, operationId, query] of routes) {
    labelled(label);
    await call(operationId, query);
    const values: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      await call(operationId, query);
      values.push(performance.now() - started);
    }
    timings.set(label, values);
  }
  return timings;
}

/** EXPLAIN ANALYZE of the slowest statement seen, with its parameters; JIT shows in the plan when it fires. */
async function explain(pool: pg.Pool, statement: Statement, size: number): Promise<void> {
  print(`  slowest statement at ${size / 1000}k in "${statement.route}": ${statement.ms.toFixed(1)} ms; its plan:`);
  try {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
      statement.params,
    );
    for (const row of rows) print(`    ${row['QUERY PLAN']}`);
  } catch (error) {
    print(`    (EXPLAIN failed: ${error instanceof Error ? error.message : String(error)})`);
    print(`    ${statement.sql.replace(/\s+/g, ' ')}`);
  }
}
