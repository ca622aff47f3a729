import { CancellationScope, condition, isCancellation, patched, sleep } from '@temporalio/workflow';
import { alarmTimerOptions } from './history-summaries';

/**
 * Patch id: since it, a case keeps its alarm timer across actions that do not move the next alarm.
 * Runs recorded before it wait with `condition(changed, timeout)`, which cancels the timer whenever
 * anything changes and starts a new one: two more events in history for every action.
 */
export const KEEP_ALARM_TIMER_PATCH = 'lean-keep-alarm-timer';

interface RunningTimer {
  /** The instant (epoch ms, workflow time) it fires at. */
  at: number;
  scope: CancellationScope;
  fired: boolean;
}

/**
 * The case loop's alarm timer, kept while the next alarm stays at the same instant: waiting again for
 * the same moment reuses the running timer, a moved alarm cancels it and starts one for the new moment.
 */
export function alarmTimer() {
  let running: RunningTimer | undefined;

  const stop = () => {
    if (running && !running.fired) running.scope.cancel();
    running = undefined;
  };

  function start(waitMs: number, at: number): RunningTimer {
    const timer: RunningTimer = { at, scope: new CancellationScope(), fired: false };
    const options = alarmTimerOptions(waitMs, new Date());
    timer.scope
      .run(() => (options ? sleep(waitMs, options) : sleep(waitMs)))
      .then(
        () => {
          timer.fired = true;
        },
        (error: unknown) => {
          // Cancelled because the alarm moved or the case ended; anything else is a real failure.
          if (!isCancellation(error)) throw error;
        },
      );
    return timer;
  }

  return {
    /**
     * Waits until `changed()` or the alarm `waitMs` from now; true when the alarm is due and nothing
     * changed (as `condition(changed, waitMs)` answers).
     */
    async wait(changed: () => boolean, waitMs: number): Promise<boolean> {
      const at = Date.now() + waitMs;
      if (running && (running.fired || running.at !== at)) stop();
      const timer = (running ??= start(waitMs, at));
      await condition(() => changed() || timer.fired);
      if (changed()) return false;
      running = undefined;
      return true;
    },
    /** No alarm is pending any more (or the case ends): the timer goes. */
    stop,
  };
}

/** Whether this run keeps its alarm timer across actions (false while replaying runs recorded before). */
export function keepsAlarmTimer(): boolean {
  return patched(KEEP_ALARM_TIMER_PATCH);
}
