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
import { addCalendarDays, businessCalendarSchema } from '../domain/shared/business-calendar';
import { MON_FRI_CALENDAR } from '../domain/shared/shipped-calendars';
import { applyRenewalAction } from '../domain/renewal/actions';
import { createRenewalState } from '../domain/renewal/create';
import { renewalProjectionOf } from '../domain/renewal/projection';
import { CHURN_REASONS } from '../domain/renewal/types';
import { routeCaller, runBench, timed } from './support';

const CONTRACTS = Number(process.argv[2] ?? 5000);
const REGIONS = ['east', 'west', 'north', 'south', 'central'];
const TIERS = ['strategic', 'key', 'standard'];
const NOW = new Date('2027-06-30T12:00:00Z');
const calendar = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };

/** A contract whose term ends somewhere in the two years around NOW: open, at risk, or decided once before. */
function syntheticRenewal(index: number) {
  const termStart = addCalendarDays('2026-01-01', index % 730);
  const state = createRenewalState(
    {
      start: {
        account: `account-${index}`,
        region: REGIONS[index % REGIONS.length]!,
        contractId: `C-${index}`,
        termStart,
        contractEnd: addCalendarDays(termStart, 364),
        value: 10_000 + (index % 97) * 1000,
        currency: 'CNY',
        tier: TIERS[index % TIERS.length]!,
        customerSuccessOwner: `cs-${index % 40}`,
        source: { playbook: 'api' },
        calendar,
      },
    },
    new Date(`${termStart}T09:00:00Z`),
  );
  const decideAt = new Date(`${addCalendarDays(state.term.contractEnd, -20)}T09:00:00Z`);
  if (index % 3 === 0) {
    const outcome = (['renewed', 'expanded', 'downgraded', 'churned'] as const)[index % 4]!;
    const newValue =
      outcome === 'expanded' ? state.term.value * 2 : outcome === 'downgraded' ? state.term.value / 2 : undefined;
    const action =
      outcome === 'churned'
        ? { type: 'decide' as const, outcome, churnReason: CHURN_REASONS[index % CHURN_REASONS.length]!, note: 'bench' }
        : { type: 'decide' as const, outcome, ...(newValue === undefined ? {} : { newValue }) };
    applyRenewalAction(state, { action, actor: 'bench' }, decideAt);
  }
  if (index % 7 === 0 && state.stage !== 'churned') {
    applyRenewalAction(
      state,
      {
        action: { type: 'record-health', figures: { seatsPurchased: 100, activeUsers: 10, openCriticalTickets: 3 } },
        actor: 'bench',
      },
      decideAt,
    );
  }
  return renewalProjectionOf(state, 0);
}

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
