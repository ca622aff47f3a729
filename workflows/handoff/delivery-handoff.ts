import { continueAsNew, defineQuery, defineUpdate, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { workingDays } from '../../domain/shared/business-calendar';
import {
  applyHandoffAction,
  handoffActionRejection,
  recordRenewalStart,
  type HandoffActionRequest,
} from '../../domain/handoff/actions';
import {
  applyCustomerAction,
  customerActionRejection,
  type CustomerActionRequest,
} from '../../domain/handoff/customer-actions';
import { fireHandoffAlarms, msUntilNextHandoffAlarm } from '../../domain/handoff/alarms';
import { createHandoffState, handoffInputProblems } from '../../domain/handoff/create';
import { withHandoffPlan } from '../../domain/handoff/plan';
import { handoffChangesProjector, handoffProjectionOf, type HandoffProjection } from '../../domain/handoff/projection';
import { isFinished, trimTimeline } from '../../domain/handoff/transitions';
import type { DeliveryHandoffInput, HandoffState } from '../../domain/handoff/types';
import { handoffCustomerReminders } from '../../domain/handoff/customer-reminders';
import { withCustomerReminders } from '../../domain/shared/customer-reminders';
import { refuseInvalidInput, projectedByEarlierRuns, runCaseLoop, serveCase, serveUpdate } from '../shared/case-loop';
import { nextPlaybookStarter } from '../shared/next-playbook';
import { DELIVERY_OPTIONS, PROJECTION_OPTIONS } from '../shared/activity-options';
import type { HandoffActivities } from '../../activities/handoff';
import { updateReceipt, type UpdateReceipt } from '../../domain/shared/update-receipt';

export { handoffWorkflowId } from '../../domain/shared/lifecycle';

/** The live state of a delivery handoff. */
export const getHandoffState = defineQuery<HandoffState>('getHandoffState');

/**
 * Every action on a handoff (package, review, kickoff, milestones, acceptance, handover, cancel...), validated before
 * it is accepted. It answers a receipt (the new version); handoffs recorded before patch lean-handoff-small-payloads
 * answer the whole state.
 */
export const handoffAction = defineUpdate<HandoffState | UpdateReceipt, [HandoffActionRequest]>('handoffAction');

/**
 * What the customer does in the portal (confirm their milestones, sign the acceptance): runs started before it have
 * no handler. It answers like `handoffAction`.
 */
export const handoffCustomerAction = defineUpdate<HandoffState | UpdateReceipt, [CustomerActionRequest]>(
  'handoffCustomerAction',
);

/** Patch id: since it, an action answers a receipt and a projection carries only the lists that changed. */
export const HANDOFF_SMALL_PAYLOADS_PATCH = 'lean-handoff-small-payloads';

const { projectHandoff } = proxyActivities<HandoffActivities>(PROJECTION_OPTIONS);

const { deliverNotifications } = proxyActivities<HandoffActivities>(DELIVERY_OPTIONS);

/**
 * A delivery handoff: sales complete the package within an SLA; the project manager reviews it
 * within another and accepts it or returns it with the missing items named (as often as it takes);
 * kickoff plans the milestones from the project template; milestones are started, completed, slipped
 * (dependants move along) and flagged, with reminders, overdue flags and escalations; the customer's
 * recorded sign-off completes the acceptance; the handover to customer success starts the renewal
 * follow-up. It can be cancelled at any step with a reason. Actions are one validated Update; timers
 * are durable; one writer projects every change in order; notifications leave through the outbox.
 */
export async function deliveryHandoff(input: DeliveryHandoffInput): Promise<HandoffProjection> {
  const projectedBefore = projectedByEarlierRuns(input.carriedState);
  // Templates (issue 20): a handoff runs on the plan the API pinned from its template; those before it on their input's rules.
  const planned = patched('templates-handoff-plan') ? withHandoffPlan(input) : input;
  if (!input.carriedState) refuseInvalidInput('The delivery handoff', handoffInputProblems(planned));
  const pinnedCalendar = input.start.calendar;
  const calendar = workingDays(pinnedCalendar.definition);
  const state = input.carriedState ?? createHandoffState(planned, calendar, new Date(), workflowInfo().workflowId);
  const context = () => ({ now: new Date(), calendar, pinnedCalendar });
  // Handoffs recorded before it answer actions with the whole state and project every list each time.
  const smallPayloads = patched(HANDOFF_SMALL_PAYLOADS_PATCH);
  const answer = smallPayloads ? { answer: () => updateReceipt(state) } : {};
  const projectChanges = handoffChangesProjector();

  serveCase(getHandoffState, handoffAction, state, {
    rejection: (request) => handoffActionRejection(state, request, context()),
    apply: (request) => applyHandoffAction(state, request, context()),
    ...answer,
  });
  // Runs recorded before the portal replay without the marker and keep refusing customer steps.
  if (patched('handoff-customer-portal')) {
    serveUpdate(handoffCustomerAction, state, {
      rejection: (request) => customerActionRejection(state, request, context()),
      apply: (request) => {
        // Milestone ratings came after the portal was recorded: the marker names the histories that hold one.
        if (request.action.type === 'rate-milestone') patched('portal-handoff-milestone-rating');
        applyCustomerAction(state, request, context());
      },
      ...answer,
    });
  }

  // Handoffs recorded before customer reminders replay without the marker and never remind the customer.
  const remindsCustomer = patched('portal-customer-reminders');
  if (remindsCustomer) handoffCustomerReminders.start(state, new Date());
  const alarms = withCustomerReminders(handoffCustomerReminders, remindsCustomer, state, calendar, {
    msUntilNext: (now) => msUntilNextHandoffAlarm(state, calendar, now),
    fire: (now) => fireHandoffAlarms(state, calendar, now),
  });

  await runCaseLoop({
    state,
    projectedBefore,
    project: (eventsAfter) =>
      smallPayloads ? projectChanges(state, eventsAfter) : handoffProjectionOf(state, eventsAfter),
    store: projectHandoff,
    trim: (projectedThrough) => trimTimeline(state, projectedThrough),
    deliver: () => deliverNotifications({ launchId: state.handoffId }),
    finished: () => isFinished(state),
    // A renewal start in flight must land in this run's state, not be lost between runs.
    mayContinueAsNew: () => state.pendingNext === undefined,
    continueAsNew: () => continueAsNew<typeof deliveryHandoff>({ ...input, carriedState: state }),
    msUntilNextAlarm: alarms.msUntilNextAlarm,
    fireAlarms: alarms.fireAlarms,
    besides: (ended) => [
      nextPlaybookStarter(
        () => state.pendingNext,
        (result) => recordRenewalStart(state, result, new Date()),
      )(ended),
    ],
  });
  return handoffProjectionOf(state, state.eventCount);
}
