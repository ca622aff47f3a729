import { ApplicationFailure } from '@temporalio/common';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import type { PocProjection, PocProjectionChanges } from '../../domain/poc/projection';
import type { PocTrialInput, ProvisioningRequest, ProvisioningAnswer } from '../../domain/poc/types';
import type { NextPlaybookPlanActivities } from '../../activities/shared/next-playbook-plans';
import type { PocActivities } from '../../activities/poc';

/**
 * A POC request whose every rule a test can reason about: two criteria (`uptime`, `reports`),
 * 14 days from the planned start, approval within 2 business days (mon-fri), and the default
 * cadence: check-ins every 7 days with 2 days' grace, one extension of up to 14 days, expiry
 * 7 days after the end with reminders 3 and 1 days before.
 */
export function pocInput(
  overrides: { account?: string; opportunityId?: string; amount?: number; plannedStart: string } & Partial<
    Omit<PocTrialInput, 'request'>
  >,
): PocTrialInput {
  const { account = 'acme', opportunityId = 'OPP-1', amount = 50_000, plannedStart, ...rest } = overrides;
  return {
    request: {
      account,
      region: 'east',
      industry: 'retail',
      opportunity: { id: opportunityId, amount, currency: 'CNY' },
      product: 'Baton Analytics',
      salesOwner: 'sam',
      supporters: { presales: ['priya'], ops: ['otto'] },
      criteria: [
        { key: 'uptime', description: 'Dashboards stay up during the trial', measuredBy: 'uptime report above 99%' },
        {
          key: 'reports',
          description: 'Weekly sales report built without IT',
          measuredBy: 'the customer builds it alone',
        },
      ],
      plannedStart,
      durationDays: 14,
    },
    requestedBy: 'sam',
    rules: { autoApproveBelowAmount: 10_000 },
    calendar: { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) },
    contacts: { regionalOps: 'rita', opsManager: 'olga' },
    ...rest,
  };
}

/** How the fake provisioner answers one trial: succeed, or fail its first `failures` calls (Infinity: always). */
export interface ProvisionerScript {
  failures: number;
  nonRetryable?: boolean;
  /** No provisioner connected: every call answers that a person provisions the environment. */
  byHand?: boolean;
}

export interface RecordedPoc {
  /** The next playbook's plan (issue 20): none, so a case it starts runs on its coded rules, as before templates. */
  activities: PocActivities & NextPlaybookPlanActivities;
  projections: (PocProjection | PocProjectionChanges)[];
  deliveries: string[];
  provisioningCalls: ProvisioningRequest[];
  /** Per trial id; trials not listed are provisioned at the first call. */
  scripts: Map<string, ProvisionerScript>;
}

/** Activities that record what a trial projects, delivers and orders instead of touching the world. */
export function recordingPocActivities(): RecordedPoc {
  const recorded: Omit<RecordedPoc, 'activities'> = {
    projections: [],
    deliveries: [],
    provisioningCalls: [],
    scripts: new Map(),
  };
  return {
    ...recorded,
    activities: {
      resolveNextPlaybookPlan: async () => null,
      async provisionEnvironment(request: ProvisioningRequest): Promise<ProvisioningAnswer> {
        recorded.provisioningCalls.push(request);
        const script = recorded.scripts.get(request.trialId);
        if (script?.byHand) return { byHand: true };
        const calls = recorded.provisioningCalls.filter((call) => call.trialId === request.trialId).length;
        if (script && calls <= script.failures) {
          const message = `provisioner down (call ${calls})`;
          throw script.nonRetryable
            ? ApplicationFailure.nonRetryable(message, 'ProvisioningRefused')
            : ApplicationFailure.retryable(message, 'ProvisioningFailed');
        }
        return { reference: `env-${calls}`, environmentUrl: `https://${request.account}.trial.example` };
      },
      async projectPoc(projection) {
        recorded.projections.push(projection);
      },
      async deliverNotifications({ launchId }) {
        recorded.deliveries.push(launchId);
        return { delivered: 0, pending: 0 };
      },
    },
  };
}

/** The body of POST /api/pocs for a 30-day trial in the east region, for tests that need a trial through the API. */
export function pocRequestBody(account: string, salesOwner: string, opportunityId = 'opp-1') {
  return {
    account,
    region: 'east',
    industry: 'manufacturing',
    opportunity: { id: opportunityId, amount: 120000, currency: 'CNY' },
    product: 'Baton CRM',
    salesOwner,
    criteria: [{ key: 'sync', description: 'Orders sync in 5 minutes', measuredBy: 'p95 sync latency' }],
    plannedStart: '2030-03-04',
    durationDays: 30,
  };
}
