import type { Database } from '../db/prisma';
import { deliverDueWebhooks } from '../activities/integrations/webhook-outbox';
import type { Logger } from './logger';

/**
 * The worker's webhook sender (issue 18): every second it delivers the case events written since
 * and retries failed ones whose backoff is over. Rows are claimed in Postgres first, so several
 * workers can run it side by side, and one that stops mid-round hands its claims on.
 */
export function startWebhookSender(db: Database, logger: Logger, intervalMs = 1_000): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = async () => {
    try {
      const result = await deliverDueWebhooks(db);
      if (result.delivered + result.failed > 0) logger.info({ webhooks: result }, 'case events delivered');
      for (const id of result.disabled) logger.warn({ subscription: id }, 'webhook subscription disabled');
    } catch (error) {
      logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'webhook round failed; next retries',
      );
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
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
