import { Prisma, type Notice } from '../../../db/generated/client';
import type { Database } from '../../../db/prisma';
import type { NoticeKind } from './kinds';
import { mailBody } from './messages';
import { MailFailure, unsubscribeUrl, type Mailer } from './mailer';
import { givenUp, markUndeliverable } from './undeliverable';
import { inQuietHours, readPreferences } from './preferences';
import { contactMailBody } from './contacts';

export interface MailDelivery {
  sent: number;
  /** Waiting for the person's digest or the end of their quiet hours. */
  held: number;
  failed: number;
  /** Refused for good, or failing for too long: no longer retried, and someone who can act was told. */
  undeliverable: number;
}

/** How long a sender owns a claimed mail before another may take it (a sender that died mid-send). */
const CLAIM_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 600;

/**
 * Sends pending mail notices (one case's, or all), oldest first. Each is claimed first (a lease, so
 * several workers never send the same mail at once and a sender that died hands it on), sent with a
 * Message-ID fixed per notice, then marked delivered. A failure keeps the notice pending and
 * retries it with backoff (10 s doubling, up to 10 min); a mail server that is down delays mail and
 * loses none. A permanent refusal (SMTP 5xx), or failures for GIVE_UP_HOURS, end the retries and tell
 * someone who can fix the address (undeliverable.ts). Mail for someone who chose a digest, or who is
 * in quiet hours, is held for later.
 */
export async function sendDueMail(
  db: Database,
  mailer: Mailer,
  options: { caseId?: string; limit?: number; now?: Date } = {},
): Promise<MailDelivery> {
  const now = options.now ?? new Date();
  const result: MailDelivery = { sent: 0, held: 0, failed: 0, undeliverable: 0 };
  const claimed = await claim(db, options.caseId, options.limit ?? 200);
  if (claimed.length === 0) return result;
  const people = await db.person.findMany({ where: { email: { in: [...new Set(claimed.map((n) => n.person))] } } });
  const byEmail = new Map(people.map((person) => [person.email, person]));
  for (const notice of claimed) {
    // A customer contact's mail is not a staff member's: their digest and quiet hours do not apply to it.
    const person = notice.audience === 'contact' ? undefined : byEmail.get(notice.person);
    const preferences = readPreferences(person?.preferences);
    if (preferences.digest.enabled || inQuietHours(preferences, person?.timeZone ?? 'UTC', now)) {
      await release(db, notice, { status: 'held', claimedUntil: null });
      result.held += 1;
      continue;
    }
    try {
      await sendNotice(mailer, notice);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if ((error instanceof MailFailure && error.permanent) || givenUp(notice, now)) {
        await markUndeliverable(db, notice, reason);
        result.undeliverable += 1;
        continue;
      }
      const backoff = Math.min(10 * 2 ** notice.attempts, MAX_BACKOFF_SECONDS);
      await release(db, notice, {
        status: 'pending',
        attempts: { increment: 1 },
        claimedUntil: new Date(Date.now() + backoff * 1000),
        lastError: reason,
      });
      result.failed += 1;
      continue;
    }
    await release(db, notice, {
      status: 'delivered',
      deliveredAt: new Date(),
      attempts: { increment: 1 },
      claimedUntil: null,
      lastError: null,
    });
    result.sent += 1;
  }
  return result;
}

async function claim(db: Database, caseId: string | undefined, limit: number): Promise<Notice[]> {
  const ofCase = caseId === undefined ? Prisma.sql`TRUE` : Prisma.sql`case_id = ${caseId}`;
  const ids = await db.$queryRaw<{ id: string }[]>`
    UPDATE notice SET status = 'sending', claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
    WHERE id IN (
      SELECT id FROM notice
      WHERE channel = 'email' AND status IN ('pending', 'sending') AND ${ofCase}
        AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY created_at, event_n
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  if (ids.length === 0) return [];
  return db.notice.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: [{ createdAt: 'asc' }, { eventN: 'asc' }],
  });
}

/** Ends this sender's claim; a claim that another sender took over in the meantime is left to it. */
async function release(db: Database, notice: Notice, data: Prisma.NoticeUpdateManyMutationInput): Promise<void> {
  await db.notice.updateMany({ where: { id: notice.id, status: 'sending', claimedUntil: notice.claimedUntil }, data });
}

export async function sendNotice(
  mailer: Mailer,
  notice: Pick<Notice, 'id' | 'person' | 'kind' | 'link' | 'text' | 'subject' | 'language'> &
    Partial<Pick<Notice, 'audience'>>,
): Promise<void> {
  const link = `${mailer.settings.boardUrl}${notice.link}`;
  if (notice.audience === 'contact') {
    const body = contactMailBody({ text: notice.text, language: notice.language === 'zh' ? 'zh' : 'en' }, link);
    await mailer.send({ to: notice.person, subject: notice.subject, ...body, messageId: `<${notice.id}@baton>` });
    return;
  }
  const unsubscribe = unsubscribeUrl(mailer.settings, notice.person, notice.kind as NoticeKind);
  const body = mailBody({ text: notice.text, language: notice.language === 'zh' ? 'zh' : 'en' }, link, unsubscribe);
  await mailer.send({
    to: notice.person,
    subject: notice.subject,
    ...body,
    messageId: `<${notice.id}@baton>`,
    unsubscribeUrl: unsubscribe,
  });
}
