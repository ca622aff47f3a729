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
import { applyPocAction, pocActionRejection, type PocActionRequest } from '../../domain/poc/actions';
import { firePocAlarms, msUntilNextPocAlarm } from '../../domain/poc/alarms';
import { createPocState, pocInputProblems } from '../../domain/poc/create';
import { applyPocCrmDetails, type PocCrmDetailsRequest, type PocCrmDetailsResult } from '../../domain/poc/crm-details';
import { recordNextStepStarted } from '../../domain/poc/next-step';
import { withPocPlan } from '../../domain/poc/plan';
import { pocChangesProjector, pocProjectionOf, type PocProjection } from '../../domain/poc/projection';
import { provisioningFailed, provisioningRequest, provisioningSucceeded } from '../../domain/poc/provisioning';
import { isFinal, trimTimeline } from '../../domain/poc/transitions';
import type { PocState, PocTrialInput } from '../../domain/poc/types';
import {
  integrationHandler,
  refuseInvalidInput,
  projectedByEarlierRuns,
  runCaseLoop,
  serveCase,
  serveUpdate,
} from '../shared/case-loop';
import {
  applyPocCustomerAction,
  pocCustomerActionRejection,
  type PocCustomerActionRequest,
} from '../../domain/poc/customer-actions';
import { pocCustomerReminders } from '../../domain/poc/customer-reminders';
import { withCustomerReminders } from '../../domain/shared/customer-reminders';
import { nextPlaybookStarter } from '../shared/next-playbook';
import { outsideCallRunner } from '../shared/outside-call-rounds';
import { DELIVERY_OPTIONS, outsideCallOptions, PROJECTION_OPTIONS } from '../shared/activity-options';
import type { PocActivities } from '../../activities/poc';
import { updateReceipt, type UpdateReceipt } from '../../domain/shared/update-receipt';

export { pocWorkflowId } from '../../domain/poc/transitions';

/** The live state of a POC trial. */
export const getPocState = defineQuery<PocState>('getPocState');

/**
 * Every action on a trial (approve, kickoff, check-in, extension, outcome...), validated before it is accepted. It
 * answers a receipt (the new version); trials recorded before patch lean-poc-small-payloads answer the whole state.
 */
export const pocAction = defineUpdate<PocState | UpdateReceipt, [PocActionRequest]>('pocAction');

/**
 * What the customer does in the portal (confirm the criteria, feedback, ask for more days): runs started before it
 * have no handler. It answers like `pocAction`.
 */
export const pocCustomerAction = defineUpdate<PocState | UpdateReceipt, [PocCustomerActionRequest]>(
  'pocCustomerAction',
);
/** The CRM's changes to a trial (issue 18): amount, owner, close date, stage, each ignored when older than the last. */
export const pocCrmDetails = defineUpdate<PocCrmDetailsResult, [PocCrmDetailsRequest]>('integrationsPocCrmDetails');

/** Patch id: since it, an action answers a receipt and a projection carries only what changed. */
export const POC_SMALL_PAYLOADS_PATCH = 'lean-poc-small-payloads';

/** Attempts per provisioning round before the trial waits for a person in `provisioning_failed`. */
export const PROVISIONING_ATTEMPTS = 4;

const { provisionEnvironment } = proxyActivities<PocActivities>(outsideCallOptions(PROVISIONING_ATTEMPTS));

const { projectPoc } = proxyActivities<PocActivities>(PROJECTION_OPTIONS);

const { deliverNotifications } = proxyActivities<PocActivities>(DELIVERY_OPTIONS);

/**
 * A POC trial: request, approval (with an SLA), provisioning through a webhook, kickoff,
 * check-ins on a cadence, success criteria, extensions, and an outcome (converted, lost, expired,
 * or withdrawn). Actions are one validated Update; timers are durable; one writer projects every
 * change in order; notifications leave through the outbox; provisioning runs beside the main loop
 * so actions and timers never wait for it.
 */
export async function pocTrial(input: PocTrialInput): Promise<PocProjection> {
  const projectedBefore = projectedByEarlierRuns(input.carriedState);
  // Templates (issue 20): a trial runs on the plan the API pinned from its POC template; those before it on their request's rules.
  const planned = patched('templates-poc-plan') ? withPocPlan(input) : input;
  if (!input.carriedState) refuseInvalidInput('The POC request', pocInputProblems(planned));
  const calendar = workingDays(input.calendar.definition);
  const state = input.carriedState ?? createPocState(planned, calendar, new Date(), workflowInfo().workflowId);
  // Trials started before the lifecycle chain only record the next step a conversion asks for.
  const startsNextStep = patched('poc-converted-starts-next-step');
  const context = () => ({ now: new Date(), ...(startsNextStep ? { lifecycle: { calendar: input.calendar } } : {}) });
  // Trials recorded before it answer actions with the whole state and project every list each time.
  const smallPayloads = patched(POC_SMALL_PAYLOADS_PATCH);
  const answer = smallPayloads ? { answer: () => updateReceipt(state) } : {};
  const projectChanges = pocChangesProjector();

  serveCase(getPocState, pocAction, state, {
    rejection: (request) => pocActionRejection(state, request, context()),
    apply: (request) => {
      // Customer contacts came after trials were recorded: the marker names the histories that hold a change of them.
      if (request.action.type === 'set-customer-contacts') patched('portal-poc-customer-contacts');
      applyPocAction(state, request, context());
    },
    ...answer,
  });
  // Trials recorded before the customer portal replay without the marker and keep refusing customer steps.
  if (patched('poc-customer-portal')) {
    serveUpdate(pocCustomerAction, state, {
      rejection: (request) => pocCustomerActionRejection(state, request),
      apply: (request) => applyPocCustomerAction(state, request, new Date()),
      ...answer,
    });
  }
  // Trials started before CRM events came in (issue 18) take no CRM details.
  if (patched('integrations-poc-crm-details'))
    setHandler(
      pocCrmDetails,
      integrationHandler(state, (request: PocCrmDetailsRequest) => applyPocCrmDetails(state, request, new Date())),
    );

  // One provisioning call (with its retries) per round; a round starts on approval or on `retry-provisioning`.
  const provisioner = outsideCallRunner({
    round: () => state.provisioning.round,
    pending: () => state.stage === 'provisioning',
    call: () => provisionEnvironment(provisioningRequest(state)),
    succeeded: (round, result, now) => provisioningSucceeded(state, round, result, now),
    failed: (round, error, now) => provisioningFailed(state, round, error, now),
    maximumAttempts: PROVISIONING_ATTEMPTS,
  });

  // Trials recorded before customer reminders replay without the marker and never remind the customer.
  const remindsCustomer = patched('portal-customer-reminders');
  if (remindsCustomer) pocCustomerReminders.start(state, new Date());
  const alarms = withCustomerReminders(pocCustomerReminders, remindsCustomer, state, calendar, {
    msUntilNext: (now) => msUntilNextPocAlarm(state, calendar, now),
    fire: (now) => firePocAlarms(state, calendar, now),
  });

  await runCaseLoop({
    state,
    projectedBefore,
    project: (eventsAfter) =>
      smallPayloads ? projectChanges(state, eventsAfter) : pocProjectionOf(state, eventsAfter),
    store: projectPoc,
    trim: (projectedThrough) => trimTimeline(state, projectedThrough),
    deliver: () => deliverNotifications({ launchId: state.trialId }),
    // A provisioning call still out when the trial ended reports back first: its environment may need tearing down.
    finished: () => isFinal(state.stage) && !provisioner.inFlight() && !state.pendingNext,
    mayContinueAsNew: () => !provisioner.inFlight(),
    continueAsNew: () => continueAsNew<typeof pocTrial>({ ...input, carriedState: state }),
    msUntilNextAlarm: alarms.msUntilNextAlarm,
    fireAlarms: alarms.fireAlarms,
    besides: (ended) => [
      provisioner.run(ended),
      ...(startsNextStep
        ? [
            nextPlaybookStarter(
              () => state.pendingNext,
              (started) => recordNextStepStarted(state, started, new Date()),
            )(ended),
          ]
        : []),
    ],
  });
  return pocProjectionOf(state, state.eventCount);
}
