/**
 * How long the renewal calendar, forecast and list take over a large read model: projects N
 * synthetic contracts (default 5000; about a third with a decided earlier term) through the real
 * projection activity into a fresh database, then times the calendar and the forecast for one
 * region and for every region, and a first page of the renewal list.
 *
 *   DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db npx tsx bench/renewal-forecast.ts [contracts]
 *
 * DATABASE_URL names a server and a role that may CREATE DATABASE; the benchmark works in a new
 * database of its own and drops it at the end. Without DATABASE_URL it uses an embedded PGlite.
 */
import { performance } from 'node:perf_hooks';
import { createRenewalProjection } from '../activities/renewal/projection';
import { renewalReadRoutes } from '../api/renewal/reads';
import type { AnyRoute } from '../api/http/route';
import { routeCaller, runBench, timed } from './support';
import { NOW, syntheticRenewal } from './synthetic';

const CONTRACTS = Number(process.argv[2] ?? 5000);

runBench(async (db) => {
  const { projectRenewal } = createRenewalProjection(db, ['log']);
  const seedStarted = performance.now();
  for (let index = 0; index < CONTRACTS; index += 1) await projectRenewal(syntheticRenewal(index));
  const seconds = (performance.now() - seedStarted) / 1000;
  const terms = await db.renewalTerm.count();
  process.stdout.write(
    `${CONTRACTS} contracts (${terms} terms) projected in ${seconds.toFixed(1)} s (${((seconds * 1000) / CONTRACTS).toFixed(2)} ms each), ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}\n`,
  );

  const call = routeCaller(renewalReadRoutes(db, () => NOW) as AnyRoute[]);
  await timed('calendar, one region, 12 months', 20, () => call('getRenewalCalendar', { region: 'east' }));
  await timed('calendar, every region, 24 months', 20, () =>
    call('getRenewalCalendar', { from: '2026-07', to: '2028-06' }),
  );
  await timed('forecast, one region, 12 months', 20, () => call('getRenewalForecast', { region: 'east' }));
  await timed('forecast, every region, 24 months', 20, () =>
    call('getRenewalForecast', { from: '2026-07', to: '2028-06' }),
  );
  await timed('renewal list, first page of 50, at risk in east', 20, () =>
    call('listRenewals', { region: 'east', atRisk: 'true' }),
  );
});
