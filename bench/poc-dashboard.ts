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
import { businessCalendarSchema, workingDays } from '../domain/shared/business-calendar';
import { MON_FRI_CALENDAR } from '../domain/shared/shipped-calendars';
import { createPocState } from '../domain/poc/create';
import { pocProjectionOf } from '../domain/poc/projection';
import { LOSS_REASONS, type PocStage } from '../domain/poc/types';
import { routeCaller, runBench, timed } from './support';

const TRIALS = Number(process.argv[2] ?? 5000);
const REGIONS = ['east', 'west', 'north', 'south', 'central'];
const PATHS: PocStage[][] = [
  ['requested'],
  ['requested', 'approved', 'provisioning', 'ready', 'active'],
  ['requested', 'approved', 'provisioning', 'ready', 'active', 'converted'],
  ['requested', 'approved', 'provisioning', 'ready', 'active', 'lost'],
  ['requested', 'approved', 'provisioning', 'provisioning_failed', 'provisioning', 'ready', 'active', 'expired'],
  ['requested', 'rejected'],
];
const DAY_MS = 86_400_000;
const NOW = new Date('2027-06-30T12:00:00Z');
const calendar = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };

function syntheticTrial(index: number) {
  const requestedAt = new Date(NOW.getTime() - (index % 540) * DAY_MS);
  const input = {
    request: {
      account: `account-${index}`,
      region: REGIONS[index % REGIONS.length]!,
      industry: ['retail', 'finance', 'manufacturing'][index % 3]!,
      opportunity: { id: `opp-${index}`, amount: 10_000 + (index % 97) * 1000 },
      product: ['crm', 'analytics'][index % 2]!,
      salesOwner: `seller-${index % 40}`,
      criteria: [{ description: 'Works', measuredBy: 'the customer says so' }],
      plannedStart: requestedAt.toISOString().slice(0, 10),
      durationDays: 30,
    },
    requestedBy: `seller-${index % 40}`,
    calendar,
  };
  const state = createPocState(input, workingDays(calendar.definition), requestedAt);
  const path = PATHS[index % PATHS.length]!;
  state.stageHistory = path.map((stage, step) => ({
    stage,
    enteredAt: new Date(requestedAt.getTime() + step * (1 + (index % 5)) * DAY_MS).toISOString(),
    by: 'bench',
  }));
  const last = state.stageHistory.at(-1)!;
  state.stage = last.stage;
  state.stageEnteredAt = last.enteredAt;
  state.atRisk = index % 7 === 0 && state.stage === 'active';
  state.riskReasons = state.atRisk ? ['missed-check-in'] : [];
  if (['converted', 'lost', 'expired', 'rejected'].includes(state.stage)) {
    state.outcome = {
      stage: state.stage as 'converted',
      at: last.enteredAt,
      by: 'bench',
      ...(state.stage === 'lost' ? { lossReason: LOSS_REASONS[index % LOSS_REASONS.length] } : {}),
    };
    state.endedAt = last.enteredAt;
  }
  state.seq = 2;
  return pocProjectionOf(state, 0);
}

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
