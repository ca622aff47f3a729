import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { workingDays } from '../domain/business-calendar';
import { applyPocAction, pocActionRejection, type PocActionRequest } from '../domain/poc/actions';
import { firePocAlarms, msUntilNextPocAlarm } from '../domain/poc/alarms';
import { createPocState, pocInputProblems } from '../domain/poc/create';
import { pocProjectionOf, type PocProjection } from '../domain/poc/projection';
import { provisioningFailed, provisioningRequest, provisioningSucceeded } from '../domain/poc/provisioning';
import { isFinal, trimTimeline } from '../domain/poc/transitions';
import type { PocActivities, PocState, PocTrialInput } from '../domain/poc/types';

export { pocWorkflowId } from '../domain/poc/transitions';

/** The live state of a POC trial. */
export const getPocState = defineQuery<PocState>('getPocState');

/** Every action on a trial (approve, kickoff, check-in, extension, outcome...), validated before it is accepted. */
export const pocAction = defineUpdate<PocState, [PocActionRequest]>('pocAction');

/** Attempts per provisioning round before the trial waits for a person in `provisioning_failed`. */
export const PROVISIONING_ATTEMPTS = 4;

const { provisionEnvironment } = proxyActivities<PocActivities>({
  // The activity gives the webhook 30 s; this catches a worker that died mid-call.
  startToCloseTimeout: '1 minute',
  // A provisioner that is briefly down gets a few minutes; beyond that a person decides, not a loop.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: PROVISIONING_ATTEMPTS },
});

const { projectPoc } = proxyActivities<PocActivities>({
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { deliverNotifications } = proxyActivities<PocActivities>({
  startToCloseTimeout: '1 minute',
  // A webhook may be down for hours; the outbox keeps every message until it is back.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** What a person reading the timeline needs to know about a failed provisioning round. */
function failureText(error: ActivityFailure): string {
  const message = error.cause?.message || error.message || 'unknown error';
  return error.retryState === 'MAXIMUM_ATTEMPTS_REACHED' ? `${message} (gave up after ${PROVISIONING_ATTEMPTS} attempts)` : message;
}

/**
 * A POC trial: request, approval (with an SLA), provisioning through a webhook, kickoff,
 * check-ins on a cadence, success criteria, extensions, and an outcome (converted, lost, expired,
 * or withdrawn). Actions are one validated Update; timers are durable; one writer projects every
 * change in order; notifications leave through the outbox; provisioning runs beside the main loop
 * so actions and timers never wait for it.
 */
export async function pocTrial(input: PocTrialInput): Promise<PocProjection> {
  if (!input.carriedState) {
    const problems = pocInputProblems(input);
    if (problems.length > 0) throw ApplicationFailure.create({ type: 'invalid-request', message: `The POC request is not valid: ${problems.join('; ')}`, nonRetryable: true });
  }
  const calendar = workingDays(input.calendar.definition);
  const state = input.carriedState ?? createPocState(input, calendar, new Date(), workflowInfo().workflowId);
  const context = () => ({ now: new Date() });

  setHandler(getPocState, () => state);
  setHandler(
    pocAction,
    (request) => {
      applyPocAction(state, request, context());
      return state;
    },
    {
      validator: (request) => {
        const rejection = pocActionRejection(state, request, context());
        if (rejection) throw ApplicationFailure.create({ type: rejection.kind, message: rejection.message, nonRetryable: true });
      },
    },
  );

  let projectedSeq = 0;
  // A trial continued as new projected everything before it did.
  let projectedEvents = input.carriedState ? state.eventCount : 0;
  let notificationsWaiting = false;
  let provisioningInFlight = false;
  let ended = false;
  const unprojected = () => state.seq > projectedSeq;

  // Delivery runs beside the main loop, so a webhook that is down never holds up actions or timers.
  const delivery = (async () => {
    for (;;) {
      await condition(() => notificationsWaiting || ended);
      if (!notificationsWaiting) return;
      notificationsWaiting = false;
      await deliverNotifications({ launchId: state.trialId });
    }
  })();

  // One provisioning call (with its retries) per round; a round starts on approval or on `retry-provisioning`.
  let attemptedRound = 0;
  const provisioner = (async () => {
    for (;;) {
      await condition(() => ended || (state.stage === 'provisioning' && state.provisioning.round > attemptedRound));
      if (ended) return;
      const round = (attemptedRound = state.provisioning.round);
      provisioningInFlight = true;
      try {
        const result = await provisionEnvironment(provisioningRequest(state));
        provisioningSucceeded(state, round, result, new Date());
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        provisioningFailed(state, round, failureText(error), new Date());
      } finally {
        provisioningInFlight = false;
      }
    }
  })();

  for (;;) {
    if (unprojected()) {
      const projection = pocProjectionOf(state, projectedEvents);
      await projectPoc(projection);
      projectedSeq = projection.seq;
      projectedEvents = Math.max(projectedEvents, ...projection.events.map((event) => event.n));
      if (projection.events.some((event) => event.notify)) notificationsWaiting = true;
      trimTimeline(state, projectedEvents);
      continue;
    }
    // A provisioning call still out when the trial ended reports back first: its environment may need tearing down.
    if (isFinal(state.stage) && !provisioningInFlight) break;
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished() && !provisioningInFlight) {
      ended = true;
      await delivery;
      await continueAsNew<typeof pocTrial>({ ...input, carriedState: state });
    }
    const wait = msUntilNextPocAlarm(state, calendar, new Date());
    if (wait === 0) {
      firePocAlarms(state, calendar, new Date());
    } else if (wait === undefined) {
      await condition(unprojected);
    } else if (!(await condition(unprojected, wait))) {
      firePocAlarms(state, calendar, new Date());
    }
  }

  ended = true;
  await Promise.all([delivery, provisioner]);
  await condition(allHandlersFinished);
  return pocProjectionOf(state, state.eventCount);
}
