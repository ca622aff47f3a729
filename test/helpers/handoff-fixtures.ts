import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import type { HandoffAction } from '../../domain/handoff/actions';
import type { HandoffProjection, HandoffProjectionChanges } from '../../domain/handoff/projection';
import type { DeliveryHandoffInput } from '../../domain/handoff/types';
import type { HandoffStart } from '../../domain/shared/lifecycle';
import type { NextPlaybookPlanActivities } from '../../activities/shared/next-playbook-plans';
import type { HandoffActivities } from '../../activities/handoff';
import type { BatonStack, Identity } from './baton-harness';

/**
 * A handoff whose every rule a test can reason about: acme's OPP-1 (120,000 CNY, east), won through
 * deal support, with the requirements and commitments pre-filled; on mon-fri, sales owe the package
 * within 3 business days (reminders 1 business day before and on the due day), the project manager
 * reviews within 2, a returned package is due again within 2; milestone reminders 3 and 1 business
 * days before due, escalation 2 business days after; the default project template.
 */
export function handoffInput(
  overrides: { account?: string; opportunity?: string; region?: string; prefill?: HandoffStart['prefill'] } & Partial<
    Omit<DeliveryHandoffInput, 'start'>
  > = {},
): DeliveryHandoffInput {
  const {
    account = 'acme',
    opportunity = 'OPP-1',
    region = 'east',
    prefill = { requirements: 'SSO, audit log, 3 dashboards', commitments: 'Go-live before the fiscal year ends' },
    ...rest
  } = overrides;
  return {
    start: {
      account,
      opportunity,
      region,
      amount: 120_000,
      currency: 'CNY',
      salesOwner: 'sam',
      prefill,
      source: { playbook: 'deal-support', id: `deal:${account}:${opportunity}` },
      calendar: { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) },
    },
    requestedBy: 'sam',
    rules: {
      packageSla: { days: 3, unit: 'business-days' },
      resubmitSla: { days: 2, unit: 'business-days' },
      packageRemindersBefore: [1, 0],
      reviewSla: { days: 2, unit: 'business-days' },
      reviewRemindersBefore: [0],
    },
    contacts: { projectManager: 'pia', opsManager: 'olga', customerSuccess: 'cora' },
    ...rest,
  };
}

/** The stakeholder map of the fixture: one of each customer role. */
export const FIXTURE_STAKEHOLDERS = [
  { name: 'Dana Decider', role: 'decision_maker' as const, contact: 'dana@acme.example', title: 'CFO' },
  { name: 'Mo Manager', role: 'manager' as const, contact: 'mo@acme.example' },
  { name: 'Eve User', role: 'end_user' as const, contact: '+86 138 0000 0000' },
];

/** What sales send to complete the fixture's package (everything not pre-filled). */
export function completePackage(targetGoLive: string): HandoffAction {
  return {
    type: 'update-package',
    items: [
      { key: 'contract', link: 'https://crm.example/contracts/OPP-1.pdf' },
      { key: 'scope', text: 'SOW v2: CRM rollout for 3 branches', link: 'https://wiki.example/sow' },
      { key: 'known-risks', text: 'IT team busy until April' },
    ],
    stakeholders: FIXTURE_STAKEHOLDERS,
    targetGoLive,
  };
}

/** What the project manager records as the customer's acceptance. */
export const FIXTURE_SIGN_OFF = (signedOn: string): HandoffAction => ({
  type: 'record-customer-acceptance',
  signedBy: 'Dana Decider',
  signedByTitle: 'CFO',
  signedOn,
  evidence: { link: 'https://docs.example/acceptance-signed.pdf' },
});

/** A handover: a one-year term from the day after acceptance. */
export const FIXTURE_HANDOVER = (termStart: string, contractEnd: string): HandoffAction => ({
  type: 'handover',
  termStart,
  contractEnd,
  annualValue: 96_000,
  currency: 'CNY',
  tier: 'key',
  customerSuccessOwner: 'cora',
});

export interface RecordedHandoff {
  /** The next playbook's plan (issue 20): none, so a case it starts runs on its coded rules, as before templates. */
  activities: HandoffActivities & NextPlaybookPlanActivities;
  projections: (HandoffProjection | HandoffProjectionChanges)[];
  deliveries: string[];
}

/** Activities that record what a handoff projects and delivers instead of touching the world. */
export function recordingHandoffActivities(): RecordedHandoff {
  const recorded: Omit<RecordedHandoff, 'activities'> = { projections: [], deliveries: [] };
  return {
    ...recorded,
    activities: {
      resolveNextPlaybookPlan: async () => null,
      async projectHandoff(projection) {
        recorded.projections.push(projection);
      },
      async deliverNotifications({ launchId }) {
        recorded.deliveries.push(launchId);
        return { delivered: 0, pending: 0 };
      },
    },
  };
}

/**
 * A handoff of `account` (east) taken over HTTP through the package, its submission, the project
 * manager's acceptance and the kickoff, with `pm` as project manager; its id.
 */
export async function kickedOffOverHttp(
  stack: BatonStack,
  people: { sales: Identity; pm: Identity },
  deal: { account: string; opportunity: string; amount: number },
): Promise<string> {
  const { sales, pm } = people;
  const started = await stack.request(
    'POST',
    '/api/handoffs',
    {
      ...deal,
      region: 'east',
      salesOwner: sales.subject,
      prefill: { requirements: 'SSO', commitments: 'Chinese UI' },
      projectManager: pm.subject,
    },
    { as: sales },
  );
  expect(started.status).toBe(201);
  const id: string = started.body.handoffId;
  const steps: [string, unknown, Identity][] = [
    [
      'package',
      {
        items: [
          { key: 'contract', link: 'https://crm.example/c.pdf' },
          { key: 'scope', text: 'SOW' },
          { key: 'known-risks', text: 'none' },
        ],
        stakeholders: FIXTURE_STAKEHOLDERS,
        targetGoLive: '2027-09-30',
      },
      sales,
    ],
    ['submit', {}, sales],
    ['accept', {}, pm],
    ['kickoff', {}, pm],
  ];
  for (const [step, body, as] of steps) {
    const answer = await stack.request('POST', `/api/handoffs/${encodeURIComponent(id)}/${step}`, body, { as });
    expect(answer.status).toBe(200);
  }
  return id;
}
