import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import type { RenewalStart } from '../../domain/shared/lifecycle';
import type { HealthFigures } from '../../domain/renewal/health';
import type { RenewalProjection } from '../../domain/renewal/projection';
import type { HealthCheckRequest, RenewalFollowUpInput } from '../../domain/renewal/types';
import type { RenewalActivities } from '../../activities/renewal';

export const MON_FRI = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };

/**
 * A contract whose every rule a test can reason about: acme's contract C-1 in the east, key tier,
 * 100,000 CNY a year, owned by ana in customer success, with the default steps (health review 120,
 * proposal 90, negotiation 60, outcome 30 days before the end, last call at 7), reminders 5 and 1
 * business days before each step (mon-fri), and escalation 3 business days after.
 */
export function renewalStart(
  overrides: Partial<RenewalStart> & { termStart: string; contractEnd: string },
): RenewalStart {
  return {
    account: 'acme',
    region: 'east',
    contractId: 'C-1',
    value: 100_000,
    currency: 'CNY',
    tier: 'key',
    customerSuccessOwner: 'ana',
    source: { playbook: 'api' },
    calendar: MON_FRI,
    ...overrides,
  };
}

export function renewalInput(
  overrides: Partial<RenewalStart> & { termStart: string; contractEnd: string },
  rest: Partial<Omit<RenewalFollowUpInput, 'start'>> = {},
): RenewalFollowUpInput {
  return { start: renewalStart(overrides), requestedBy: 'ana', contacts: { opsManager: 'olga' }, ...rest };
}

/** Figures that score 100 (healthy). */
export const HEALTHY_FIGURES: HealthFigures = {
  seatsPurchased: 100,
  activeUsers: 90,
  activationRate: 0.95,
  usageTrend: 0.15,
  openCriticalTickets: 0,
  nps: 60,
};
/** Figures that score 21 (at risk): 20 of 100 seats active, usage falling, three critical tickets open. */
export const AT_RISK_FIGURES: HealthFigures = {
  seatsPurchased: 100,
  activeUsers: 20,
  activationRate: 0.3,
  usageTrend: -0.25,
  openCriticalTickets: 3,
  nps: -20,
};

export interface RecordedRenewal {
  activities: RenewalActivities;
  projections: RenewalProjection[];
  deliveries: string[];
  checks: HealthCheckRequest[];
}

/**
 * Activities that record what a renewal projects, delivers and asks the health source, instead of
 * touching the world. `health` answers each check: figures, or an error the activity throws.
 */
export function recordingRenewalActivities(
  health: (request: HealthCheckRequest) => HealthFigures | Error = () => HEALTHY_FIGURES,
): RecordedRenewal {
  const recorded: Omit<RecordedRenewal, 'activities'> = { projections: [], deliveries: [], checks: [] };
  return {
    ...recorded,
    activities: {
      async projectRenewal(projection) {
        recorded.projections.push(projection);
      },
      async checkRenewalHealth(request) {
        recorded.checks.push(request);
        const answer = health(request);
        if (answer instanceof Error) throw answer;
        return answer;
      },
      async deliverNotifications({ launchId }) {
        recorded.deliveries.push(launchId);
        return { delivered: 0, pending: 0 };
      },
    },
  };
}
