import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { LaunchActivities } from '../../activities/launch';
import {
  completeItem,
  completeItemRejection,
  flagOverdueItems,
  initialLaunchState,
  msUntilNextDue,
  summarizeLaunch,
  type LegacyLaunchInput,
  type LegacyLaunchSummary,
} from '../../domain/launch/legacy-checklist';
import { completeLaunchItem, getLegacyChecklistState } from './messages';
import { PROJECTION_OPTIONS } from '../shared/activity-options';

const { projectLaunch } = proxyActivities<LaunchActivities>(PROJECTION_OPTIONS);

/**
 * The first launch workflow: a fixed checklist with overdue timers, ending when every item is
 * done. Runs started before playbook templates replay through here, command for command, so
 * it must not change; new runs take the playbook path (see launchReadiness).
 */
export async function legacyChecklist(input: LegacyLaunchInput): Promise<LegacyLaunchSummary> {
  const state = initialLaunchState(input, new Date());

  setHandler(getLegacyChecklistState, () => state);
  setHandler(
    completeLaunchItem,
    (update) => {
      completeItem(state, update, new Date());
      return state;
    },
    {
      validator: (update) => {
        const rejection = completeItemRejection(state, update);
        if (rejection)
          throw ApplicationFailure.create({ type: rejection.kind, message: rejection.message, nonRetryable: true });
      },
    },
  );

  let projectedSeq = 0;
  const unprojected = () => state.seq > projectedSeq;
  for (;;) {
    if (unprojected()) {
      const summary = summarizeLaunch(state);
      await projectLaunch(summary);
      projectedSeq = summary.seq;
      continue;
    }
    if (state.status !== 'active') break;
    const untilDue = msUntilNextDue(state, new Date());
    if (untilDue === 0) {
      flagOverdueItems(state, new Date());
      continue;
    }
    if (untilDue === undefined) {
      await condition(unprojected);
    } else if (!(await condition(unprojected, untilDue))) {
      flagOverdueItems(state, new Date());
    }
  }

  await condition(allHandlersFinished);
  return summarizeLaunch(state);
}
