import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { LaunchInput, LaunchSummary } from '../domain/legacy-checklist';
import { actionRejection, applyAction, type ActionContext } from '../domain/run/actions';
import { fireDueAlarms, msUntilNextAlarm } from '../domain/run/alarms';
import { calendarOf, createRunState } from '../domain/run/create';
import { projectionOf, type RunProjection } from '../domain/run/projection';
import { trimTimeline } from '../domain/run/transitions';
import type { PlaybookRunInput } from '../domain/run/types';
import { getLaunchState, getPinnedPlan, launchAction } from './launch-messages';
import { legacyChecklist } from './legacy-checklist';

export { completeLaunchItem, getLaunchState, getLegacyChecklistState, getPinnedPlan, launchAction } from './launch-messages';

const { projectRun } = proxyActivities<Activities>({
  // One transaction: a worker that dies mid-write is detected and the write retried after this long.
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { deliverNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A webhook may be down for hours; the outbox keeps every message until it is back.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const isPlaybookInput = (input: LaunchInput | PlaybookRunInput): input is PlaybookRunInput => 'template' in input;

/**
 * A launch-readiness run. Runs started before playbook templates (a fixed checklist) replay
 * through the legacy path; every new run follows its pinned template version.
 */
export async function launchReadiness(input: LaunchInput | PlaybookRunInput): Promise<LaunchSummary | RunProjection> {
  if (isPlaybookInput(input) && patched('playbook-runs')) return playbookRun(input);
  return legacyChecklist(input as LaunchInput);
}

/**
 * The checklist of a pinned template version, anchored on the launch date: validated actions
 * as Updates, reminders and escalations as durable timers, a go/no-go gate, then the recurring
 * penetration stage until the run is closed or cancelled. One writer projects every change to
 * the read model in order; notifications leave through the outbox.
 */
async function playbookRun(input: PlaybookRunInput): Promise<RunProjection> {
  const template = input.template.definition;
  const calendar = calendarOf(input);
  const state = input.carriedState ?? createRunState(input, new Date());
  const context = (): ActionContext => ({ input, calendar, now: new Date() });

  setHandler(getLaunchState, () => state);
  setHandler(getPinnedPlan, () => ({ template: input.template, calendar: input.calendar }));
  setHandler(
    launchAction,
    (request) => {
      applyAction(state, request, context());
      return state;
    },
    {
      validator: (request) => {
        const rejection = actionRejection(state, request, context());
        if (rejection) throw ApplicationFailure.create({ type: rejection.kind, message: rejection.message, nonRetryable: true });
      },
    },
  );

  let projectedSeq = 0;
  // A run continued as new projected everything before it did.
  let projectedEvents = input.carriedState ? state.eventCount : 0;
  let notificationsWaiting = false;
  let ended = false;
  const unprojected = () => state.seq > projectedSeq;
  const ending = () => state.status === 'cancelled' || state.status === 'closed';

  // Delivery runs beside the main loop, so a webhook that is down never holds up actions or timers.
  const delivery = (async () => {
    for (;;) {
      await condition(() => notificationsWaiting || ended);
      if (!notificationsWaiting) return;
      notificationsWaiting = false;
      await deliverNotifications({ launchId: state.launchId });
    }
  })();

  for (;;) {
    if (unprojected()) {
      const projection = projectionOf(state, projectedEvents);
      await projectRun(projection);
      projectedSeq = projection.seq;
      projectedEvents = Math.max(projectedEvents, ...projection.events.map((event) => event.n));
      if (projection.events.some((event) => event.notify)) notificationsWaiting = true;
      trimTimeline(state, projectedEvents);
      continue;
    }
    if (ending()) break;
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished()) {
      ended = true;
      await delivery;
      await continueAsNew<typeof launchReadiness>({ ...input, carriedState: state });
    }
    const wait = msUntilNextAlarm(state, template, calendar, new Date());
    if (wait === 0) {
      fireDueAlarms(state, template, calendar, new Date());
    } else if (wait === undefined) {
      await condition(unprojected);
    } else if (!(await condition(unprojected, wait))) {
      fireDueAlarms(state, template, calendar, new Date());
    }
  }

  ended = true;
  await delivery;
  await condition(allHandlersFinished);
  return projectionOf(state, state.eventCount);
}
