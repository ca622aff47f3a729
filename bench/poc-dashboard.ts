/**
 * How long the regional POC dashboard takes over a large read model: projects N synthetic trials
 * (default 5000) through the real projection activity into a fresh database, then times the
 * dashboard for one region and for every region, and a first page of the trial list.
 *
 *   DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db npx tsx bench/poc-dashboard.ts [trials]
 *
 * DATABASE_URL names a server and a role that may CREATE DATABASE; the benchmark works in a new
 * database of its own and drops it at the end. Without DATABASE_URL it uses an embedded PGlite.
 */
import { performance } from 'node:perf_hooks';
import { createPocProjection } from '../activities/poc/projection';
import { pocReadRoutes } from '../api/poc/reads';
import type { AnyRoute } from '../api/http/route';
import { routeCaller, runBench, timed } from './support';
import { NOW, syntheticTrial } from './synthetic';

const TRIALS = Number(process.argv[2] ?? 5000);

runBench(async (db) => {
  const { projectPoc } = createPocProjection(db, ['log']);
  const seedStarted = performance.now();
  for (let index = 0; index < TRIALS; index += 1) await projectPoc(syntheticTrial(index));
  const seconds = (performance.now() - seedStarted) / 1000;
  process.stdout.write(
    `${TRIALS} trials projected in ${seconds.toFixed(1)} s (${((seconds * 1000) / TRIALS).toFixed(2)} ms each), ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}\n`,
  );

  const call = routeCaller(pocReadRoutes(db, () => NOW) as AnyRoute[]);
  await timed('dashboard, one region, 12 months', 20, () => call('getPocDashboard', { region: 'east' }));
  await timed('dashboard, every region, 12 months', 20, () => call('getPocDashboard', {}));
  await timed('dashboard, every region, 24 months', 20, () =>
    call('getPocDashboard', { from: '2025-07-01', to: '2027-06-30' }),
  );
  await timed('trial list, first page of 50, at risk in east', 20, () =>
    call('listPocs', { region: 'east', atRisk: 'true' }),
  );
});
