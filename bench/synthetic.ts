/**
 * Synthetic cases for the read-model benchmarks, built by the real domain code so their projections
 * have the shape real runs give: POC trials, renewal contracts and launch runs spread around NOW.
 */
import { applyRenewalAction } from '../domain/renewal/actions';
import { createRenewalState } from '../domain/renewal/create';
import { renewalProjectionOf } from '../domain/renewal/projection';
import { CHURN_REASONS } from '../domain/renewal/types';
import { addCalendarDays, workingDays } from '../domain/shared/business-calendar';
import { businessCalendarSchema } from '../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../domain/shared/shipped-calendars';
import { createPocState } from '../domain/poc/create';
import { pocProjectionOf } from '../domain/poc/projection';
import { LOSS_REASONS, type PocStage } from '../domain/poc/types';
import { createLaunchState } from '../domain/launch/create';
import { launchProjectionOf } from '../domain/launch/projection';
import { playbookTemplateSchema } from '../domain/launch/template';
import { LAUNCH_READINESS_TEMPLATE } from '../domain/launch/shipped-template';

export const REGIONS = ['east', 'west', 'north', 'south', 'central'];
const TIERS = ['strategic', 'key', 'standard'];
const DAY_MS = 86_400_000;
export const NOW = new Date('2027-06-30T12:00:00Z');
const calendar = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };

const PATHS: PocStage[][] = [
  ['requested'],
  ['requested', 'approved', 'provisioning', 'ready', 'active'],
  ['requested', 'approved', 'provisioning', 'ready', 'active', 'converted'],
  ['requested', 'approved', 'provisioning', 'ready', 'active', 'lost'],
  ['requested', 'approved', 'provisioning', 'provisioning_failed', 'provisioning', 'ready', 'active', 'expired'],
  ['requested', 'rejected'],
];

/** A trial requested somewhere in the 540 days before NOW, on one of PATHS, at risk now and then. */
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

/** A contract whose term ends somewhere in the two years around NOW: open, at risk, or decided once before. */
export function syntheticRenewal(index: number) {
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

const LAUNCH_TEMPLATE = playbookTemplateSchema.parse(LAUNCH_READINESS_TEMPLATE);
const PEOPLE = { product_manager: 'pat', ops_manager: 'olga', presales: 'priya' };

/**
 * A launch run whose launch date lies within a year around NOW: about a third of its items done, a
 * few assigned to a person, some awaiting a sign-off, and the open ones past due overdue.
 */
export function syntheticLaunch(index: number) {
  const launchDate = addCalendarDays('2027-01-01', index % 365);
  const state = createLaunchState(
    {
      launchId: `launch-${index}`,
      productName: `Product ${index}`,
      launchDate,
      regions: [REGIONS[index % REGIONS.length]!],
      owners: PEOPLE,
      template: { version: 1, definition: LAUNCH_TEMPLATE },
      calendar,
      startedBy: 'olga',
    },
    new Date(`${addCalendarDays(launchDate, -150)}T09:00:00Z`),
  );
  if (index % 10 === 0) state.status = 'cancelled';
  const today = NOW.toISOString().slice(0, 10);
  const projection = launchProjectionOf(state, 0);
  projection.items = projection.items.map((item, position) => {
    const done = (position + index) % 3 === 0;
    const status = done ? 'done' : position % 4 === 0 ? 'in_progress' : 'ready';
    return {
      ...item,
      status,
      assignee: (position + index) % 7 === 0 ? `person-${index % 50}` : null,
      overdue: !done && item.dueDate < today,
      awaitingSignOff: done && item.signOffBy !== null && index % 2 === 0,
    };
  });
  projection.seq = 2;
  return projection;
}
