import { continueAsNew, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { LaunchActivities } from '../../activities/launch';
import type { LegacyLaunchInput, LegacyLaunchSummary } from '../../domain/launch/legacy-checklist';
import { launchActionRejection, applyLaunchAction, type ActionContext } from '../../domain/launch/actions';
import { fireDueAlarms, msUntilNextAlarm } from '../../domain/launch/alarms';
import { callerRejection } from '../../domain/launch/caller';
import { calendarOf, createLaunchState } from '../../domain/launch/create';
import { launchChangesProjector, launchProjectionOf, type LaunchProjection } from '../../domain/launch/projection';
import { updateReceipt } from '../../domain/shared/update-receipt';
import { trimTimeline } from '../../domain/launch/transitions';
import type { LaunchInput } from '../../domain/launch/types';
import { projectedByEarlierRuns, runCaseLoop, serveCase } from '../shared/case-loop';
import { getLaunchState, getPinnedPlan, launchAction } from './messages';
import { legacyChecklist } from './legacy-checklist';
import { DELIVERY_OPTIONS, PROJECTION_OPTIONS } from '../shared/activity-options';

export { completeLaunchItem, getLaunchState, getLegacyChecklistState, getPinnedPlan, launchAction } from './messages';

const { projectRun } = proxyActivities<LaunchActivities>(PROJECTION_OPTIONS);

const { deliverNotifications } = proxyActivities<LaunchActivities>(DELIVERY_OPTIONS);

/** Patch id: since it, an action answers a receipt and a projection carries only the items and gates that changed. */
export const SMALL_PAYLOADS_PATCH = 'lean-launch-small-payloads';

const isPlaybookInput = (input: LegacyLaunchInput | LaunchInput): input is LaunchInput => 'template' in input;

/**
 * A launch-readiness run. Runs started before playbook templates (a fixed checklist) replay
 * through the legacy path; every new run follows its pinned template version.
 */
export async function launchReadiness(
  input: LegacyLaunchInput | LaunchInput,
): Promise<LegacyLaunchSummary | LaunchProjection> {
  if (isPlaybookInput(input) && patched('playbook-runs')) return playbookRun(input);
  return legacyChecklist(input as LegacyLaunchInput);
}

/** The API's start time when the input carries it (so its 201 answer is the run's own state), else the first task's clock. */
function startTime(input: LaunchInput): Date {
  return input.startedAt !== undefined && patched('launch-start-time-from-input')
    ? new Date(input.startedAt)
    : new Date();
}

/**
 * The checklist of a pinned template version, anchored on the launch date: validated actions
 * as Updates, reminders and escalations as durable timers, a go/no-go gate, then the recurring
 * penetration stage until the run is closed or cancelled. One writer projects every change to
 * the read model in order; notifications leave through the outbox.
 */
async function playbookRun(input: LaunchInput): Promise<LaunchProjection> {
  const projectedBefore = projectedByEarlierRuns(input.carriedState);
  const template = input.template.definition;
  const calendar = calendarOf(input);
  const state = input.carriedState ?? createLaunchState(input, startTime(input));
  const context = (): ActionContext => ({ input, calendar, now: new Date() });
  // Runs recorded before it answer actions with the whole state and project every item each time.
  const smallPayloads = patched(SMALL_PAYLOADS_PATCH);
  const projectChanges = launchChangesProjector();

  setHandler(getPinnedPlan, () => ({ template: input.template, calendar: input.calendar }));
  serveCase(getLaunchState, launchAction, state, {
    // The caller's item rights first, as the API checked them before; validators never run on replay.
    rejection: (request) => callerRejection(state, request) ?? launchActionRejection(state, request, context()),
    apply: (request) => {
      // Item due-date changes came after runs were recorded: the marker names the histories that hold one.
      if (request.action.type === 'reschedule-item') patched('launch-item-due-date-change');
      applyLaunchAction(state, request, context());
    },
    ...(smallPayloads ? { answer: () => updateReceipt(state) } : {}),
  });

  await runCaseLoop({
    state,
    projectedBefore,
    project: (eventsAfter) =>
      smallPayloads ? projectChanges(state, eventsAfter) : launchProjectionOf(state, eventsAfter),
    store: projectRun,
    trim: (projectedThrough) => trimTimeline(state, projectedThrough),
    deliver: () => deliverNotifications({ launchId: state.launchId }),
    finished: () => state.status === 'cancelled' || state.status === 'closed',
    continueAsNew: () => continueAsNew<typeof launchReadiness>({ ...input, carriedState: state }),
    msUntilNextAlarm: (now) => msUntilNextAlarm(state, template, calendar, now),
    fireAlarms: (now) => fireDueAlarms(state, template, calendar, now),
  });
  return launchProjectionOf(state, state.eventCount);
}
