import { temporal } from '@temporalio/proto';
import type { Activities } from '../../activities';
import type { LaunchProjection } from '../../domain/launch/projection';
import { getLaunchState, launchAction, launchReadiness } from '../../workflows/launch/launch-readiness';
import { launchInput } from '../helpers/launch-fixtures';
import { serverDatePlusDays, timeSkippingWorker, WORKFLOW_TEST_QUEUE } from '../helpers/time-skipping';

/**
 * Since lean-local-projection a case projects through a local activity. A read model that is away must still get
 * every projection, once, in seq order: the worker retries in place for a few seconds, then on durable timers.
 */
describe('a case loop projecting through a local activity (time-skipping)', () => {
  const stored: LaunchProjection[] = [];
  let failuresLeft = 0;
  let failed = 0;
  const activities: Partial<Activities> = {
    async projectRun(projection) {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        failed += 1;
        throw new Error('the read model is away');
      }
      stored.push(projection);
    },
    async deliverNotifications() {
      return { delivered: 0, pending: 0 };
    },
  };
  const harness = timeSkippingWorker(activities);

  it('stores every projection once and in order through an outage longer than the local retries', async () => {
    const handle = await harness.env.client.workflow.start(launchReadiness, {
      workflowId: 'launch:read-model-away',
      taskQueue: WORKFLOW_TEST_QUEUE,
      args: [launchInput({ launchId: 'read-model-away', launchDate: await serverDatePlusDays(harness.env, 30) })],
    });
    await handle.query(getLaunchState);
    // Attempts 1-4 wait 1, 2, 4 and 8 s in the worker; the 5th failure's 16 s backoff is past the 10 s threshold.
    failuresLeft = 5;
    const act = (action: { type: 'complete'; itemKey: string } | { type: 'cancel'; reason: string }) =>
      handle.executeUpdate(launchAction, { args: [{ action, actor: 'olga' }] });
    await act({ type: 'complete', itemKey: 'research' });
    await act({ type: 'cancel', reason: 'done testing' });
    await handle.result();

    expect(failed).toBe(5);
    const seqs = stored.map((projection) => projection.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    const events = stored.flatMap((projection) => projection.events.map((event) => event.n));
    expect(events).toEqual(events.map((_, index) => index + 1));
    expect(stored.at(-1)).toMatchObject({ status: 'cancelled' });

    const history = (await handle.fetchHistory()).events ?? [];
    const type = (event: temporal.api.history.v1.IHistoryEvent) => temporal.api.enums.v1.EventType[event.eventType!];
    // One marker per projection instead of an activity's three events, and one for the failure that turned into the
    // long backoff, which waited on a timer.
    const markers = history.filter(
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    );
    expect(markers.filter((event) => !event.markerRecordedEventAttributes!.failure)).toHaveLength(stored.length);
    expect(markers.filter((event) => event.markerRecordedEventAttributes!.failure)).toHaveLength(1);
    expect(history.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(
      history.filter(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverNotifications',
      ).length,
    );
    // Alarm timers carry a summary ("next alarm at ..."); the backoff's timer is the SDK's own.
    const backoffs = history.filter((event) => event.timerStartedEventAttributes && !event.userMetadata?.summary);
    expect(backoffs).toHaveLength(1);
    const fired = history.filter((event) => type(event) === 'EVENT_TYPE_TIMER_FIRED');
    expect(fired.map((event) => event.timerFiredEventAttributes!.startedEventId!.toString())).toContain(
      backoffs[0]!.eventId!.toString(),
    );
  });
});
