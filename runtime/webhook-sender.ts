import type { Database } from '../db/prisma';
import { deliverDueWebhooks } from '../activities/integrations/webhook-outbox';
import type { Logger } from './logger';
import { repeatRound, type RepeatingRound } from './repeating-round';

/**
 * The worker's webhook sender (issue 18): every second it delivers the case events written since
 * and retries failed ones whose backoff is over. Rows are claimed in Postgres first, so several
 * workers can run it side by side, and one that stops mid-round hands its claims on.
 */
export function startWebhookSender(db: Database, logger: Logger, intervalMs = 1_000): RepeatingRound {
  return repeatRound(
    async () => {
      const result = await deliverDueWebhooks(db);
      if (result.delivered + result.failed > 0) logger.info({ webhooks: result }, 'case events delivered');
      for (const id of result.disabled) logger.warn({ subscription: id }, 'webhook subscription disabled');
    },
    { intervalMs, logger, failure: 'webhook round failed; next retries' },
  );
}
