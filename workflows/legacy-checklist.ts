import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  completeItem,
  completeItemRejection,
  flagOverdueItems,
  initialLaunchState,
  msUntilNextDue,
  summarizeLaunch,
  type CompleteItemInput,
  type LaunchInput,
  type LaunchState,
  type LaunchSummary,
} from '../domain/launch';

export const getLaunchState = defineQuery<LaunchState>('getLaunchState');
export const completeLaunchItem = defineUpdate<LaunchState, [CompleteItemInput]>('completeLaunchItem');

const { projectLaunch } = proxyActivities<Activities>({
  // One upsert: a worker that dies mid-write is detected and the write retried after this long.
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A launch-readiness checklist anchored on a launch date. Items fall due relative
 * to it; a durable timer flags each open item overdue when its day comes. The run
 * ends when every item is done.
 */
export async function launchReadiness(input: LaunchInput): Promise<LaunchSummary> {
  const state = initialLaunchState(input, new Date());

  setHandler(getLaunchState, () => state);
  setHandler(
    completeLaunchItem,
    (update) => {
      completeItem(state, update, new Date());
      return state;
    },
    {
      validator: (update) => {
        const rejection = completeItemRejection(state, update);
        if (rejection) throw ApplicationFailure.create({ type: rejection.kind, message: rejection.message, nonRetryable: true });
      },
    },
  );

  // Single writer for the read model: projections go out in order, one at a time.
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
