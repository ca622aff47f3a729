import type { Prisma } from '../../../db/generated/client';
import { PLAYBOOK_TEXT } from '../../../domain/shared/catalog';
import type { CustomerReminderFacts } from '../../../domain/shared/customer-reminders';
import { wordText, type Text } from '../../../domain/shared/text';
import type { CaseEvent } from './audience';
import type { Language } from './kinds';
import { escapeHtml, type MailBody } from './messages';
import { noticeId, type NoticeCase } from './write';

/**
 * The notices outbox's path to a customer (issue 16): a reminder event from a case workflow becomes
 * one mail per contact invited to that case's portal whose link is still valid (revoked or expired
 * ones are not reminded), in the contact's language. The mail goes through the same `notice` table,
 * sender, claims and retries as staff mail, marked `audience = 'contact'`: it points to the portal,
 * and carries no login secret (the outbox stores its text; a secret there would be a usable key at
 * rest), so it asks the contact to use the link from their invitation or a device already signed in.
 * Each contact mailed gets a `reminded` entry in their portal activity, which staff see.
 */
export async function insertContactNotices(
  tx: Prisma.TransactionClient,
  notice: NoticeCase,
  events: readonly (CaseEvent & { customerReminder?: CustomerReminderFacts })[],
): Promise<number> {
  const reminders = events.filter((event) => event.customerReminder);
  if (reminders.length === 0) return 0;
  const invitations = await tx.portalInvitation.findMany({
    where: { caseId: notice.caseId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { invitedAt: 'desc' },
  });
  // A contact invited twice is reminded once, in the language and with the link of their latest invitation.
  const latest = [...new Map(invitations.reverse().map((row) => [row.email.toLowerCase(), row])).values()];
  const rows = reminders.flatMap((event) =>
    latest.map((invitation) => ({
      event,
      invitation,
      id: noticeId(notice.caseId, event.n, invitation.email, 'email'),
    })),
  );
  const existing = new Set(
    (await tx.notice.findMany({ where: { id: { in: rows.map((row) => row.id) } }, select: { id: true } })).map(
      (row) => row.id,
    ),
  );
  const fresh = rows.filter((row) => !existing.has(row.id));
  if (fresh.length === 0) return 0;
  await tx.notice.createMany({
    data: fresh.map(({ event, invitation, id }) => {
      const language: Language = invitation.language === 'zh' ? 'zh' : 'en';
      const facts = event.customerReminder!;
      const word = (key: string, params: Record<string, Text['params'][string] | undefined>) =>
        wordText(PLAYBOOK_TEXT, { key, params: defined(params) }, language)!;
      return {
        id,
        caseId: notice.caseId,
        eventN: event.n,
        person: invitation.email,
        channel: 'email',
        kind: 'due-soon',
        playbook: notice.playbook,
        link: '/portal',
        language,
        subject: word('customer-reminder.mail.subject', { step: facts.step, case: notice.caseTitle }),
        text: word('customer-reminder.mail.body', {
          name: invitation.name,
          step: facts.step,
          case: notice.caseTitle,
          since: facts.since,
          dueDate: facts.dueDate,
          invitedBy: invitation.invitedBy,
          expiresOn: invitation.expiresAt.toISOString().slice(0, 10),
        }),
        status: 'pending',
        audience: 'contact',
      };
    }),
    skipDuplicates: true,
  });
  await tx.portalEvent.createMany({
    data: fresh.map(({ event, invitation }) => ({
      invitationId: invitation.id,
      action: 'reminded',
      detail: `reminder ${event.customerReminder!.round}: ${wordText(PLAYBOOK_TEXT, event.customerReminder!.step, 'en')}`,
    })),
  });
  return fresh.length;
}

const defined = <T>(params: Record<string, T | undefined>) =>
  Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as Record<string, T>;

/** A contact's mail: the reminder and the portal's address, with why they get it; no board link, no staff unsubscribe. */
export function contactMailBody(notice: { text: string; language: Language }, portal: string): MailBody {
  const language = notice.language;
  const word = (key: string) => wordText(PLAYBOOK_TEXT, { key, params: {} }, language)!;
  const open = word('customer-reminder.mail.open');
  const why = word('customer-reminder.mail.why');
  const text = `${notice.text}\n\n${open}: ${portal}\n\n${why}\n`;
  const lines = notice.text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`);
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif">${lines.join('')}<p><a href="${escapeHtml(portal)}">${escapeHtml(open)}</a></p><p style="color:#666;font-size:12px">${escapeHtml(why)}</p></body></html>`;
  return { text, html };
}
