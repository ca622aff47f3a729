import {
  continueAsNew,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { workingDays } from '../../domain/shared/business-calendar';
import { applyRenewalAction, renewalActionRejection, type RenewalActionRequest } from '../../domain/renewal/actions';
import { fireRenewalAlarms, msUntilNextRenewalAlarm } from '../../domain/renewal/alarms';
import { healthCheckFailed, healthCheckRequest, healthCheckSucceeded } from '../../domain/renewal/assessment';
import { createRenewalState, renewalInputProblems } from '../../domain/renewal/create';
import { withRenewalPlan } from '../../domain/renewal/plan';
import { renewalChangesProjector, renewalProjectionOf, type RenewalProjection } from '../../domain/renewal/projection';
import { updateReceipt, type UpdateReceipt } from '../../domain/shared/update-receipt';
import { trimTimeline } from '../../domain/renewal/transitions';
import type { RenewalFollowUpInput, RenewalState } from '../../domain/renewal/types';
import {
  integrationHandler,
  refuseInvalidInput,
  projectedByEarlierRuns,
  runCaseLoop,
  serveCase,
  serveUpdate,
} from '../shared/case-loop';
import {
  applyRenewalCustomerAction,
  renewalCustomerActionRejection,
  type RenewalCustomerActionRequest,
} from '../../domain/renewal/customer-actions';
import { renewalCustomerReminders } from '../../domain/renewal/customer-reminders';
import { withCustomerReminders } from '../../domain/shared/customer-reminders';
import { DELIVERY_OPTIONS, outsideCallOptions, PROJECTION_OPTIONS } from '../shared/activity-options';
import { outsideCallRunner } from '../shared/outside-call-rounds';
import type { RenewalActivities } from '../../activities/renewal';
import {
  applyRenewalCrmDates,
  type RenewalCrmDatesRequest,
  type RenewalCrmDatesResult,
} from '../../domain/renewal/crm-dates';

export { renewalWorkflowId } from '../../domain/shared/lifecycle';

/** The live state of a renewal: its current term, past terms and latest timeline. */
export const getRenewalState = defineQuery<RenewalState>('getRenewalState');

/**
 * Every action on a renewal (health figures, proposal, negotiation, outcome, assignment...), validated before it is
 * accepted. It answers a receipt (the new version); renewals recorded before patch lean-renewal-small-payloads answer
 * the whole state.
 */
export const renewalAction = defineUpdate<RenewalState | UpdateReceipt, [RenewalActionRequest]>('renewalAction');

/**
 * What the customer does in the portal (accept the proposal, ask for a call): runs started before it have no handler.
 * It answers like `renewalAction`.
 */
export const renewalCustomerAction = defineUpdate<RenewalState | UpdateReceipt, [RenewalCustomerActionRequest]>(
  'renewalCustomerAction',
);

/** Patch id: since it, an action answers a receipt and a projection carries only the term rows that changed. */
export const RENEWAL_SMALL_PAYLOADS_PATCH = 'lean-renewal-small-payloads';

/** The CRM's changes to a renewal's contract (issue 18): term start, contract end, value, each ignored when older than the last. */
export const renewalCrmDates = defineUpdate<RenewalCrmDatesResult, [RenewalCrmDatesRequest]>(
  'integrationsRenewalCrmDates',
);

/** Attempts per health check before the review waits for figures posted by a person. */
export const HEALTH_CHECK_ATTEMPTS = 4;

const { checkRenewalHealth } = proxyActivities<RenewalActivities>(outsideCallOptions(HEALTH_CHECK_ATTEMPTS));

const { projectRenewal } = proxyActivities<RenewalActivities>(PROJECTION_OPTIONS);

const { deliverNotifications } = proxyActivities<RenewalActivities>(DELIVERY_OPTIONS);

/**
 * Renewal follow-up for the life of a contract: each term's dated steps counted back from the
 * contract end (health review, proposal, negotiation, outcome) with reminders, overdue flags and
 * escalations; a health check against the health source beside the loop; at-risk escalations the
 * moment a score is low. A renewed, expanded or downgraded term continues as new with the next
 * term (same workflow id, small history); a churned one ends the workflow.
 */
export async function renewalFollowUp(input: RenewalFollowUpInput): Promise<RenewalProjection> {
  const projectedBefore = projectedByEarlierRuns(input.carriedState);
  // Templates (issue 20): a renewal runs on the plan pinned from its tier's template; those before it on their input's rules.
  const planned = patched('templates-renewal-plan') ? withRenewalPlan(input) : input;
  if (!input.carriedState) refuseInvalidInput('The renewal', renewalInputProblems(planned));
  const calendar = workingDays(input.start.calendar.definition);
  const state = input.carriedState ?? createRenewalState(planned, new Date(), workflowInfo().workflowId);
  const termOfThisRun = state.term.number;
  // Renewals recorded before it answer actions with the whole state and project every term each time.
  const smallPayloads = patched(RENEWAL_SMALL_PAYLOADS_PATCH);
  const answer = smallPayloads ? { answer: () => updateReceipt(state) } : {};
  const projectChanges = renewalChangesProjector();

  serveCase(getRenewalState, renewalAction, state, {
    rejection: (request) => renewalActionRejection(state, request),
    apply: (request) => {
      // Customer contacts came after renewals were recorded: the marker names the histories that hold a change of them.
      if (request.action.type === 'set-customer-contacts') patched('portal-renewal-customer-contacts');
      applyRenewalAction(state, request, new Date());
    },
    ...answer,
  });
  // Renewals recorded before the customer portal replay without the marker and keep refusing customer steps.
  if (patched('renewal-customer-portal')) {
    serveUpdate(renewalCustomerAction, state, {
      rejection: (request) => renewalCustomerActionRejection(state, request),
      apply: (request) => applyRenewalCustomerAction(state, request, new Date()),
      ...answer,
    });
  }

  // Renewals started before CRM contract events came in (issue 18) take no CRM dates.
  if (patched('integrations-renewal-crm-dates'))
    setHandler(
      renewalCrmDates,
      integrationHandler(state, (request: RenewalCrmDatesRequest) => applyRenewalCrmDates(state, request, new Date())),
    );

  // One health check (with its retries) per round; a round starts at the review date, on demand, or after a failure.
  const healthChecker = outsideCallRunner({
    round: () => state.healthCheck.round,
    pending: () => state.healthCheck.status === 'requested',
    call: () => checkRenewalHealth(healthCheckRequest(state)),
    succeeded: (round, figures, now) => healthCheckSucceeded(state, round, figures, now),
    failed: (round, error, now) => healthCheckFailed(state, round, error, now),
    maximumAttempts: HEALTH_CHECK_ATTEMPTS,
  });

  // Renewals recorded before customer reminders replay without the marker and never remind the customer.
  const remindsCustomer = patched('portal-customer-reminders');
  if (remindsCustomer) renewalCustomerReminders.start(state, new Date());
  const alarms = withCustomerReminders(renewalCustomerReminders, remindsCustomer, state, calendar, {
    msUntilNext: (now) => msUntilNextRenewalAlarm(state, calendar, now),
    fire: (now) => fireRenewalAlarms(state, calendar, now),
  });

  await runCaseLoop({
    state,
    projectedBefore,
    project: (eventsAfter) =>
      smallPayloads ? projectChanges(state, eventsAfter) : renewalProjectionOf(state, eventsAfter),
    store: projectRenewal,
    trim: (projectedThrough) => trimTimeline(state, projectedThrough),
    deliver: () => deliverNotifications({ launchId: state.renewalId }),
    // This run's term is over once decided (a churn ends the case; otherwise the next term continues as new).
    // A health check still out reports back first.
    finished: () => (state.stage === 'churned' || state.term.number !== termOfThisRun) && !healthChecker.inFlight(),
    mayContinueAsNew: () => !healthChecker.inFlight(),
    continueAsNew: () => continueAsNew<typeof renewalFollowUp>({ ...input, carriedState: state }),
    msUntilNextAlarm: alarms.msUntilNextAlarm,
    fireAlarms: alarms.fireAlarms,
    besides: (ended) => [healthChecker.run(ended)],
  });

  if (state.stage !== 'churned') await continueAsNew<typeof renewalFollowUp>({ ...input, carriedState: state });
  return renewalProjectionOf(state, state.eventCount);
}
