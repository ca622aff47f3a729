import type { Logger } from './logger';

export interface RepeatingRound {
  /** Lets the round under way finish, and starts no other. */
  stop(): Promise<void>;
}

/**
 * Runs `round` again `intervalMs` after each one ends (never two at once), logging a failed round
 * as `failure` and going on: the worker's outbox senders, whose rows are claimed in Postgres so
 * several workers can run them side by side.
 */
export function repeatRound(
  round: () => Promise<void>,
  { intervalMs, logger, failure }: { intervalMs: number; logger: Logger; failure: string },
): RepeatingRound {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const guarded = async () => {
    try {
      await round();
    } catch (error) {
      logger.warn({ error: error instanceof Error ? error.message : String(error) }, failure);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = guarded().finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
