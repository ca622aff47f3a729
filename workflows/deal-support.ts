import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, defineQuery, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { workingDays } from '../domain/business-calendar';
import { applyDealAction, dealActionRejection, type DealActionRequest } from '../domain/deal/actions';
import { fireDealAlarms, msUntilNextDealAlarm } from '../domain/deal/alarms';
import { createDealState, dealInputProblems } from '../domain/deal/create';
import { dealProjectionOf, type DealProjection } from '../domain/deal/projection';
import { isFinished, trimTimeline } from '../domain/deal/transitions';
import type { DealActivities, DealState, DealSupportInput } from '../domain/deal/types';

export { dealWorkflowId } from '../domain/deal/transitions';

/** The live state of a deal-support case. */
export const getDealState = defineQuery<DealState>('getDealState');

/** Every action on a case (triage, support log, pricing decision, outcome, lesson...), validated before it is accepted. */
export const dealAction = defineUpdate<DealState, [DealActionRequest]>('dealAction');

const { projectDeal } = proxyActivities<DealActivities>({
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { deliverNotifications } = proxyActivities<DealActivities>({
  startToCloseTimeout: '1 minute',
  // A webhook may be down for hours; the outbox keeps every message until it is back.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * A deal-support case: request, triage within a response SLA (reminders, then an escalation),
 * support actions logged per support type, a pricing exception approved by a configured role,
 * an outcome (won with a delivery-handoff package, or lost with a reason), then a lesson. Actions
 * are one validated Update; timers are durable; one writer projects every change in order;
 * notifications leave through the outbox.
 */
export async function dealSupport(input: DealSupportInput): Promise<DealProjection> {
  if (!input.carriedState) {
    const problems = dealInputProblems(input);
    if (problems.length > 0) throw ApplicationFailure.create({ type: 'invalid-request', message: `The deal-support request is not valid: ${problems.join('; ')}`, nonRetryable: true });
  }
  const calendar = workingDays(input.calendar.definition);
  const state = input.carriedState ?? createDealState(input, calendar, new Date(), workflowInfo().workflowId);
  const context = () => ({ now: new Date() });

  setHandler(getDealState, () => state);
  setHandler(
    dealAction,
    (request) => {
      applyDealAction(state, request, context());
      return state;
    },
    {
      validator: (request) => {
        const rejection = dealActionRejection(state, request, context());
        if (rejection) throw ApplicationFailure.create({ type: rejection.kind, message: rejection.message, nonRetryable: true });
      },
    },
  );

  let projectedSeq = 0;
  // A case continued as new projected everything before it did.
  let projectedEvents = input.carriedState ? state.eventCount : 0;
  let notificationsWaiting = false;
  let ended = false;
  const unprojected = () => state.seq > projectedSeq;

  // Delivery runs beside the main loop, so a webhook that is down never holds up actions or timers.
  const delivery = (async () => {
    for (;;) {
      await condition(() => notificationsWaiting || ended);
      if (!notificationsWaiting) return;
      notificationsWaiting = false;
      await deliverNotifications({ launchId: state.dealId });
    }
  })();

  for (;;) {
    if (unprojected()) {
      const projection = dealProjectionOf(state, projectedEvents);
      await projectDeal(projection);
      projectedSeq = projection.seq;
      projectedEvents = Math.max(projectedEvents, ...projection.events.map((event) => event.n));
      if (projection.events.some((event) => event.notify)) notificationsWaiting = true;
      trimTimeline(state, projectedEvents);
      continue;
    }
    if (isFinished(state)) break;
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished()) {
      ended = true;
      await delivery;
      await continueAsNew<typeof dealSupport>({ ...input, carriedState: state });
    }
    const wait = msUntilNextDealAlarm(state, calendar, new Date());
    if (wait === 0) {
      fireDealAlarms(state, calendar, new Date());
    } else if (wait === undefined) {
      await condition(unprojected);
    } else if (!(await condition(unprojected, wait))) {
      fireDealAlarms(state, calendar, new Date());
    }
  }

  ended = true;
  await delivery;
  await condition(allHandlersFinished);
  return dealProjectionOf(state, state.eventCount);
}
