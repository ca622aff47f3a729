import type { Database } from '../db/prisma';
import { releaseAfterQuietHours } from '../activities/shared/notices/digest';
import { sendDueMail } from '../activities/shared/notices/deliver';
import type { Mailer } from '../activities/shared/notices/mailer';
import type { Logger } from './logger';
import { repeatRound, type RepeatingRound } from './repeating-round';

export type MailSender = RepeatingRound;

/**
 * The worker's mail sender: every few seconds it sends the notices written since (and retries the
 * failed ones whose backoff is over) and releases mail held for quiet hours (digests go out on each
 * person's digest workflow). Everything it does is claimed in Postgres first, so several workers can run it side by side.
 */
export function startMailSender(db: Database, mailer: Mailer, logger: Logger, intervalMs = 3_000): MailSender {
  return repeatRound(
    async () => {
      const mail = await sendDueMail(db, mailer);
      if (mail.sent + mail.failed + mail.held + mail.undeliverable > 0) logger.info({ mail }, 'mail notices sent');
      if (mail.failed > 0) logger.warn({ failed: mail.failed }, 'mail not delivered; will retry with backoff');
      if (mail.undeliverable > 0)
        logger.warn({ undeliverable: mail.undeliverable }, 'mail undeliverable; told who can act');
      await releaseAfterQuietHours(db);
    },
    { intervalMs, logger, failure: 'mail round failed; next round retries' },
  );
}
