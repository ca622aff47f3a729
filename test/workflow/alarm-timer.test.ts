import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { LaunchAction } from '../../domain/launch/actions';
import { getLaunchState, launchAction, launchReadiness } from '../../workflows/launch/launch-readiness';
import { launchInput } from '../helpers/launch-fixtures';
import {
  recordingActivities,
  serverDatePlusDays,
  timeSkippingWorker,
  WORKFLOW_TEST_QUEUE,
} from '../helpers/time-skipping';

const DAY = 86_400_000;
type Event = temporal.api.history.v1.IHistoryEvent;

/**
 * Patch lean-keep-alarm-timer: an action that leaves the next alarm where it was keeps the running
 * timer (before, every action cancelled it and started a new one), and the alarms still fire on time.
 */
describe('the case loop keeps its alarm timer while the next alarm stays put (time-skipping)', () => {
  const recorded = recordingActivities();
  const harness = timeSkippingWorker(recorded.activities);
  type Handle = WorkflowHandle<typeof launchReadiness>;

  const act = (handle: Handle, action: LaunchAction) =>
    handle.executeUpdate(launchAction, { args: [{ action, actor: 'olga' }] });

  /** The history once the run is idle: its projection of `seq` done and the workflow task after it completed. */
  async function settledHistory(handle: Handle, seq: number): Promise<Event[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const projected = recorded.runProjections.some(
        (projection) => projection.launchId === handle.workflowId.slice(7) && projection.seq >= seq,
      );
      const events = (await handle.fetchHistory()).events ?? [];
      // A completed workflow task is followed by its commands' events (e.g. TimerStarted), not by another task.
      const lastTask = [...events]
        .reverse()
        .find(
          (event) =>
            event.workflowTaskScheduledEventAttributes ||
            event.workflowTaskStartedEventAttributes ||
            event.workflowTaskCompletedEventAttributes,
        );
      if (projected && lastTask?.workflowTaskCompletedEventAttributes) return events;
      if (Date.now() > deadline) throw new Error(`run not idle at seq ${seq}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const timerEvents = (events: Event[]) =>
    events.filter((event) => event.timerStartedEventAttributes || event.timerCanceledEventAttributes);

  it('adds no timer events for an action that does not move the next alarm, and the reminder still fires on time', async () => {
    const runStart = await harness.env.currentTimeMs();
    const launchId = 'kept-timer';
    const handle = await harness.env.client.workflow.start(launchReadiness, {
      workflowId: `launch:${launchId}`,
      taskQueue: WORKFLOW_TEST_QUEUE,
      // research is due on day 10: its first reminder (3 days before) is the next alarm, on day 7.
      args: [launchInput({ launchId, launchDate: await serverDatePlusDays(harness.env, 20) })],
    });
    const started = await handle.query(getLaunchState);
    const before = await settledHistory(handle, started.seq);
    expect(before.filter((event) => event.timerStartedEventAttributes)).toHaveLength(1);

    const commented = await act(handle, { type: 'comment', itemKey: 'research', text: 'interviews booked' });
    const afterComment = await settledHistory(handle, commented.seq);
    const added = afterComment.slice(before.length);
    expect(added.some((event) => event.workflowExecutionUpdateCompletedEventAttributes)).toBe(true);
    expect(timerEvents(added)).toEqual([]);

    // Moving research's due date moves the next alarm: the timer is cancelled and started for the new moment.
    const moved = await act(handle, {
      type: 'reschedule-item',
      itemKey: 'research',
      dueDate: await serverDatePlusDays(harness.env, 11),
      reason: 'interviews slipped a day',
    });
    const afterMove = (await settledHistory(handle, moved.seq)).slice(afterComment.length);
    expect(afterMove.filter((event) => event.timerCanceledEventAttributes)).toHaveLength(1);
    expect(afterMove.filter((event) => event.timerStartedEventAttributes)).toHaveLength(1);

    // The reminder comes 3 days before the new due date (day 8), not on day 7.
    const sleepUntilDay = async (day: number) =>
      harness.env.sleep(Math.floor(runStart / DAY) * DAY + day * DAY + 3_600_000 - (await harness.env.currentTimeMs()));
    await sleepUntilDay(7);
    const reminders = async () =>
      (await handle.query(getLaunchState)).timeline.filter(
        (event) => event.type === 'item.reminder' && event.itemKey === 'research',
      );
    expect(await reminders()).toEqual([]);
    await sleepUntilDay(8);
    const [reminder] = await reminders();
    expect(reminder?.cause?.scheduledFor).toBe(`${await serverDatePlusDays(harness.env, 0)}T00:00:00.000Z`);

    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
    // Every timer started was fired or cancelled: none is left behind by the kept one.
    const events = (await handle.fetchHistory()).events ?? [];
    const timersStarted = events.filter((event) => event.timerStartedEventAttributes).length;
    const timersDone = events.filter(
      (event) => event.timerFiredEventAttributes || event.timerCanceledEventAttributes,
    ).length;
    expect(timersDone).toBe(timersStarted);
  });
});
