import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import type { DealProjection, DealProjectionChanges } from '../../domain/deal/projection';
import type { DealSupportInput, SupportType } from '../../domain/deal/types';
import type { NextPlaybookPlanActivities } from '../../activities/shared/next-playbook-plans';
import type { DealActivities } from '../../activities/deal';

/**
 * A support request whose every rule a test can reason about: a competitive brief and a pricing
 * exception for acme's OPP-1 (120,000 CNY, against rival-co), triage due within 2 business days
 * (mon-fri) with reminders 1 business day before and on the due day, pricing approved by the
 * ops manager, a lesson reminder 2 days after closing and the lesson given up on after 14.
 */
export function dealInput(
  overrides: {
    account?: string;
    opportunityId?: string;
    amount?: number;
    supportTypes?: SupportType[];
    dueDate: string;
  } & Partial<Omit<DealSupportInput, 'request'>>,
): DealSupportInput {
  const {
    account = 'acme',
    opportunityId = 'OPP-1',
    amount = 120_000,
    supportTypes = ['competitive-brief', 'pricing-exception'],
    dueDate,
    ...rest
  } = overrides;
  return {
    request: {
      account,
      region: 'east',
      opportunity: { id: opportunityId, amount, currency: 'CNY' },
      dealStage: 'proposal',
      competitors: ['rival-co'],
      supportTypes,
      dueDate,
      salesOwner: 'sam',
    },
    requestedBy: 'sam',
    rules: { responseSla: { days: 2, unit: 'business-days' }, responseRemindersBefore: [1, 0] },
    calendar: { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) },
    contacts: { triage: 'petra', opsManager: 'olga' },
    ...rest,
  };
}

/** Who assignments go to in the fixture: one person per support type. */
export const FIXTURE_ASSIGNEES: Record<SupportType, string[]> = {
  'competitive-brief': ['priya'],
  'technical-exchange': ['tom'],
  'customer-visit': ['vera'],
  'industry-solution': ['ian'],
  'pricing-exception': ['olga'],
};

export interface RecordedDeal {
  /** The next playbook's plan (issue 20): none, so a case it starts runs on its coded rules, as before templates. */
  activities: DealActivities & NextPlaybookPlanActivities;
  projections: (DealProjection | DealProjectionChanges)[];
  deliveries: string[];
}

/** Activities that record what a case projects and delivers instead of touching the world. */
export function recordingDealActivities(): RecordedDeal {
  const recorded: Omit<RecordedDeal, 'activities'> = { projections: [], deliveries: [] };
  return {
    ...recorded,
    activities: {
      resolveNextPlaybookPlan: async () => null,
      async projectDeal(projection) {
        recorded.projections.push(projection);
      },
      async deliverNotifications({ launchId }) {
        recorded.deliveries.push(launchId);
        return { delivered: 0, pending: 0 };
      },
    },
  };
}
