import { createHash } from 'node:crypto';
import type { Notice, Prisma } from '../../../db/generated/client';
import type { Database } from '../../../db/prisma';
import type { Language, NoticeChannel, Playbook } from './kinds';
import { noticeSubject, noticeText } from './messages';
import { channelsFor, readPreferences } from './preferences';
import { noticeCase, noticeId } from './write';

/**
 * A mail that will never arrive: the server refused it for good, or it kept failing until it was
 * pointless (GIVE_UP_HOURS after it was written). It stops being retried (`undeliverable`) and a person
 * who can act is told: a customer contact's bounce goes to the staff member who invited them (and into
 * the contact's portal activity, where staff look), a staff member's own bounce to their board inbox.
 */
export const GIVE_UP_HOURS = 72;

export function givenUp(notice: Pick<Notice, 'createdAt'>, now: Date): boolean {
  return now.getTime() - notice.createdAt.getTime() >= GIVE_UP_HOURS * 3_600_000;
}

const WORDING: Record<Language, (address: string, reason: string) => string> = {
  en: (address, reason) => `Baton could not deliver this mail to ${address}: ${reason}. Check the address.`,
  zh: (address, reason) => `Baton 无法将此邮件送达 ${address}：${reason}。请检查该邮箱地址。`,
};

export async function markUndeliverable(db: Database, notice: Notice, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.notice.updateMany({
      where: { id: notice.id, status: 'sending', claimedUntil: notice.claimedUntil },
      data: { status: 'undeliverable', attempts: { increment: 1 }, claimedUntil: null, lastError: reason },
    });
    // Another sender took the claim over: it decides.
    if (count === 0) return;
    const told = notice.audience === 'contact' ? await inviterOf(tx, notice, reason) : notice.person;
    if (told) await tellAbout(tx, notice, told, reason);
  });
}

/** A person's digest refused for good: the mail it held will not arrive either, and their inbox says why. */
export async function digestUndeliverable(db: Database, email: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const held = await tx.notice.findMany({
      where: { person: email, channel: 'email', status: 'held' },
      orderBy: { createdAt: 'asc' },
    });
    if (held.length === 0) return;
    await tx.notice.updateMany({
      where: { id: { in: held.map((notice) => notice.id) }, status: 'held' },
      data: { status: 'undeliverable', lastError: reason },
    });
    await tellAbout(tx, held[0]!, email, reason);
  });
}

/** The staff member who invited the contact to this case's portal, after noting the bounce in the contact's activity. */
async function inviterOf(tx: Prisma.TransactionClient, notice: Notice, reason: string): Promise<string | undefined> {
  const invitation = await tx.portalInvitation.findFirst({
    where: { caseId: notice.caseId, email: { equals: notice.person, mode: 'insensitive' } },
    orderBy: { invitedAt: 'desc' },
  });
  if (!invitation) return undefined;
  await tx.portalEvent.create({
    data: { invitationId: invitation.id, action: 'mail-undeliverable', detail: `${notice.subject}: ${reason}` },
  });
  return invitation.invitedBy;
}

async function tellAbout(tx: Prisma.TransactionClient, notice: Notice, person: string, reason: string): Promise<void> {
  const row = await tx.person.findUnique({ where: { email: person } });
  const language: Language = row?.language === 'zh' ? 'zh' : 'en';
  // Their own address bounced: mail would bounce again, so the inbox alone.
  const channels: NoticeChannel[] =
    person === notice.person ? ['inbox'] : channelsFor(readPreferences(row?.preferences), 'undeliverable');
  // Not a case event: a number of its own per bounced mail, below zero where events never are.
  const eventN = -1 - (parseInt(createHash('sha256').update(notice.id).digest('hex').slice(0, 7), 16) >>> 0);
  const facts = {
    kind: 'undeliverable' as const,
    playbook: notice.playbook as Playbook,
    caseTitle: notice.subject,
    actor: 'baton',
    summary: WORDING[language](notice.person, reason),
  };
  await tx.notice.createMany({
    data: channels
      .filter((channel) => channel === 'inbox' || person.includes('@'))
      .map((channel) => ({
        id: noticeId(notice.caseId, eventN, person, channel),
        caseId: notice.caseId,
        eventN,
        person,
        channel,
        kind: 'undeliverable',
        playbook: notice.playbook,
        link: noticeCase(notice.playbook as Playbook, notice.caseId, '', []).link,
        language,
        subject: noticeSubject(facts, language),
        text: noticeText(facts, language),
        status: channel === 'inbox' ? 'delivered' : 'pending',
        ...(channel === 'inbox' ? { deliveredAt: new Date() } : {}),
      })),
    skipDuplicates: true,
  });
}
