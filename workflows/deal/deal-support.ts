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
import { applyDealAction, dealActionRejection, type DealActionRequest } from '../../domain/deal/actions';
import { fireDealAlarms, msUntilNextDealAlarm } from '../../domain/deal/alarms';
import { createDealState, dealInputProblems } from '../../domain/deal/create';
import { withDealPlan } from '../../domain/deal/plan';
import { dealChangesProjector, dealProjectionOf, type DealProjection } from '../../domain/deal/projection';
import { isFinished, recordHandoffStarted, today, trimTimeline } from '../../domain/deal/transitions';
import type { DealState, DealSupportInput } from '../../domain/deal/types';
import {
  integrationHandler,
  refuseInvalidInput,
  projectedByEarlierRuns,
  runCaseLoop,
  serveCase,
} from '../shared/case-loop';
import { nextPlaybookStarter } from '../shared/next-playbook';
import { DELIVERY_OPTIONS, PROJECTION_OPTIONS } from '../shared/activity-options';
import type { DealActivities } from '../../activities/deal';
import {
  applyDealCrmDetails,
  type DealCrmDetailsRequest,
  type DealCrmDetailsResult,
} from '../../domain/deal/crm-details';
import { updateReceipt, type UpdateReceipt } from '../../domain/shared/update-receipt';

export { dealWorkflowId } from '../../domain/deal/transitions';

/** The live state of a deal-support case. */
export const getDealState = defineQuery<DealState>('getDealState');

/**
 * Every action on a case (triage, support log, pricing decision, outcome, lesson...), validated before it is accepted.
 * It answers a receipt (the new version); cases recorded before patch lean-deal-small-payloads answer the whole state.
 */
export const dealAction = defineUpdate<DealState | UpdateReceipt, [DealActionRequest]>('dealAction');

/** The CRM's changes to a case (issue 18): amount, owner, close date, deal stage, each ignored when older than the last. */
export const dealCrmDetails = defineUpdate<DealCrmDetailsResult, [DealCrmDetailsRequest]>('integrationsDealCrmDetails');

/** Patch id: since it, an action answers a receipt and a projection carries only the lists that changed. */
export const DEAL_SMALL_PAYLOADS_PATCH = 'lean-deal-small-payloads';

const { projectDeal } = proxyActivities<DealActivities>(PROJECTION_OPTIONS);

const { deliverNotifications } = proxyActivities<DealActivities>(DELIVERY_OPTIONS);

/**
 * A deal-support case: request, triage within a response SLA (reminders, then an escalation),
 * support actions logged per support type, a pricing exception approved by a configured role,
 * an outcome (won, which starts the delivery handoff with a pre-filled package, or lost with a
 * reason), then a lesson. Actions are one validated Update; timers are durable; one writer
 * projects every change in order; notifications leave through the outbox.
 */
export async function dealSupport(input: DealSupportInput): Promise<DealProjection> {
  const projectedBefore = projectedByEarlierRuns(input.carriedState);
  const calendar = workingDays(input.calendar.definition);
  // Templates (issue 20): a case runs on the plan the API pinned from its template; those before it on their input's rules.
  const planned = patched('templates-deal-plan') ? withDealPlan(input, calendar, today(new Date())) : input;
  if (!input.carriedState) refuseInvalidInput('The deal-support request', dealInputProblems(planned));
  const state = input.carriedState ?? createDealState(planned, calendar, new Date(), workflowInfo().workflowId);
  // Cases started before the lifecycle chain only record that a win asks for a handoff.
  const startsHandoff = patched('deal-won-starts-handoff');
  const context = () => ({ now: new Date(), ...(startsHandoff ? { lifecycle: { calendar: input.calendar } } : {}) });

  // Cases recorded before it answer actions with the whole state and project every list each time.
  const smallPayloads = patched(DEAL_SMALL_PAYLOADS_PATCH);
  const projectChanges = dealChangesProjector();

  serveCase(getDealState, dealAction, state, {
    rejection: (request) => dealActionRejection(state, request, context()),
    apply: (request) => applyDealAction(state, request, context()),
    ...(smallPayloads ? { answer: () => updateReceipt(state) } : {}),
  });
  // Cases started before CRM details came in (issue 18) take none.
  if (patched('integrations-deal-crm-details'))
    setHandler(
      dealCrmDetails,
      integrationHandler(state, (request: DealCrmDetailsRequest) => applyDealCrmDetails(state, request, new Date())),
    );

  await runCaseLoop({
    state,
    projectedBefore,
    project: (eventsAfter) =>
      smallPayloads ? projectChanges(state, eventsAfter) : dealProjectionOf(state, eventsAfter),
    store: projectDeal,
    trim: (projectedThrough) => trimTimeline(state, projectedThrough),
    deliver: () => deliverNotifications({ launchId: state.dealId }),
    finished: () => isFinished(state),
    continueAsNew: () => continueAsNew<typeof dealSupport>({ ...input, carriedState: state }),
    msUntilNextAlarm: (now) => msUntilNextDealAlarm(state, calendar, now),
    fireAlarms: (now) => fireDealAlarms(state, calendar, now),
    besides: (ended) =>
      startsHandoff
        ? [
            nextPlaybookStarter(
              () => state.pendingNext,
              (started) => recordHandoffStarted(state, started, new Date()),
            )(ended),
          ]
        : [],
  });
  return dealProjectionOf(state, state.eventCount);
}
