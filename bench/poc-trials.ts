/** Synthetic POC trials for the read-model benchmarks: every stage path, region and loss reason, spread over 18 months. */
import { businessCalendarSchema, workingDays } from '../domain/shared/business-calendar';
import { MON_FRI_CALENDAR } from '../domain/shared/shipped-calendars';
import { createPocState } from '../domain/poc/create';
import { pocProjectionOf } from '../domain/poc/projection';
import { LOSS_REASONS, type PocStage } from '../domain/poc/types';

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
export const NOW = new Date('2027-06-30T12:00:00Z');
const calendar = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };

export function syntheticTrial(index: number) {
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
