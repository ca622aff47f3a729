import { createHash } from 'node:crypto';
import { type Prisma } from '../../../db/generated/client';
import { wordStoredText } from '../../../domain/shared/catalog';
import { addresseesOf, type Addressee, type CaseEvent, type ItemOwner } from './audience';
import type { Language, NoticeChannel, NoticeKind, Playbook } from './kinds';
import { noticeSubject, noticeText, type NoticeFacts } from './messages';
import { channelsFor, readPreferences } from './preferences';
import { insertContactNotices } from './contacts';

/** The case a projection writes, as its notices name and link it. */
export interface NoticeCase {
  playbook: Playbook;
  caseId: string;
  caseTitle: string;
  /** The case's regions: a role's members are told only where they work (company-wide members everywhere). */
  regions: readonly string[];
  /** The case's page on the board. */
  link: string;
  itemTitles?: Readonly<Record<string, string>>;
  /** The items' titles for Chinese readers, where the playbook has them. */
  itemTitlesZh?: Readonly<Record<string, string>>;
  /** Everyone named on the case (owners, assignees): told when its date moves or its gate is decided. */
  namedOnCase?: readonly string[];
  itemOwners?: Readonly<Record<string, ItemOwner>>;
}

interface PersonRow {
  email: string;
  language: string;
  preferences: unknown;
}

const BOARD_PATHS: Record<Playbook, string> = {
  launch: '/launches',
  poc: '/pocs',
  deal: '/deals',
  handoff: '/handoffs',
  renewal: '/renewals',
};

/** A case as its notices name it, linked to its page on the board. */
export function noticeCase(
  playbook: Playbook,
  caseId: string,
  caseTitle: string,
  regions: readonly string[],
): NoticeCase {
  return { playbook, caseId, caseTitle, regions, link: `${BOARD_PATHS[playbook]}/${encodeURIComponent(caseId)}` };
}

export const noticeId = (caseId: string, eventN: number, person: string, channel: NoticeChannel) =>
  createHash('sha256')
    .update(JSON.stringify([caseId, eventN, person, channel]))
    .digest('base64url')
    .slice(0, 32);

/**
 * One notice per person, event and channel, in the projection's transaction: the inbox copy is
 * delivered as it is written, the mail copy waits (pending) for the worker's mail sender. Keyed by
 * (case, event, person, channel), so a retried projection or a restarted worker adds nothing twice.
 * A reminder to the customer also mails the contacts invited to the case's portal (contacts.ts).
 */
export async function insertNotices(
  tx: Prisma.TransactionClient,
  notice: NoticeCase,
  events: readonly CaseEvent[],
): Promise<number> {
  return (await insertStaffNotices(tx, notice, events)) + (await insertContactNotices(tx, notice, events));
}

async function insertStaffNotices(
  tx: Prisma.TransactionClient,
  notice: NoticeCase,
  events: readonly CaseEvent[],
): Promise<number> {
  const wanted = events.flatMap((event) =>
    addresseesOf(event, notice.namedOnCase ?? [], notice.itemOwners).map((addressee) => ({ event, addressee })),
  );
  wanted.push(...(await ownersManagers(tx, notice, events)));
  if (wanted.length === 0) return 0;
  const roles = [...new Set(wanted.flatMap(({ addressee }) => (addressee.person ? [] : [addressee.role!])))];
  const named = [...new Set(wanted.flatMap(({ addressee }) => (addressee.person ? [addressee.person] : [])))];
  const people = await tx.$queryRaw<(PersonRow & { roles: string[]; regions: string[] })[]>`
    SELECT email, language, preferences, roles, regions FROM person
    WHERE email = ANY(${named}::text[])
       OR (roles && ${roles}::text[]
           AND (cardinality(regions) = 0 OR cardinality(${notice.regions}::text[]) = 0 OR regions && ${notice.regions}::text[]))`;
  const byEmail = new Map(people.map((person) => [person.email, person]));
  const rows: Prisma.NoticeCreateManyInput[] = [];
  for (const { event, addressee } of wanted) {
    for (const person of recipients(addressee, people, notice.regions)) {
      if (person === event.actor) continue;
      const row = byEmail.get(person);
      const language: Language = row?.language === 'zh' ? 'zh' : 'en';
      const facts = factsOf(notice, event, addressee.kind, language);
      for (const channel of channelsFor(readPreferences(row?.preferences), addressee.kind)) {
        if (channel === 'email' && !person.includes('@')) continue;
        rows.push({
          id: noticeId(notice.caseId, event.n, person, channel),
          caseId: notice.caseId,
          eventN: event.n,
          person,
          channel,
          kind: addressee.kind,
          playbook: notice.playbook,
          link: event.itemKey ? `${notice.link}#item-${encodeURIComponent(event.itemKey)}` : notice.link,
          language,
          subject: noticeSubject(facts, language),
          text: noticeText(facts, language),
          status: channel === 'inbox' ? 'delivered' : 'pending',
          ...(channel === 'inbox' ? { deliveredAt: new Date() } : {}),
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  // One notice per (case, event, person, channel) even when two rules name the same person: the first
  // rule (the workflow's own `notify`) says what kind it is.
  const unique = [
    ...rows
      .reduce(
        (byId, row) => (byId.has(row.id) ? byId : byId.set(row.id, row)),
        new Map<string, Prisma.NoticeCreateManyInput>(),
      )
      .values(),
  ];
  const { count } = await tx.notice.createMany({ data: unique, skipDuplicates: true });
  return count;
}

/** An escalation also reaches the item owner's own manager, as the people directory names them. */
async function ownersManagers(tx: Prisma.TransactionClient, notice: NoticeCase, events: readonly CaseEvent[]) {
  const escalations = events.flatMap((event) => {
    const owner = event.itemKey ? notice.itemOwners?.[event.itemKey]?.person : undefined;
    return /escalation$/.test(event.type) && owner ? [{ event, owner }] : [];
  });
  if (escalations.length === 0) return [];
  const rows = await tx.person.findMany({
    where: { email: { in: escalations.map(({ owner }) => owner) }, manager: { not: null } },
    select: { email: true, manager: true },
  });
  const managerOf = new Map(rows.map((row) => [row.email, row.manager!]));
  return escalations.flatMap(({ event, owner }) => {
    const manager = managerOf.get(owner);
    return manager ? [{ event, addressee: { kind: 'escalated' as const, person: manager } }] : [];
  });
}

/** A named person as named; a role's members only where they work (company-wide members everywhere). */
function recipients(
  addressee: Addressee,
  people: readonly { email: string; roles: string[]; regions: string[] }[],
  caseRegions: readonly string[],
): string[] {
  if (addressee.person) return [addressee.person];
  const worksThere = (regions: readonly string[]) =>
    regions.length === 0 || caseRegions.length === 0 || regions.some((region) => caseRegions.includes(region));
  return people
    .filter((person) => person.roles.includes(addressee.role!) && worksThere(person.regions))
    .map((person) => person.email);
}

function factsOf(notice: NoticeCase, event: CaseEvent, kind: NoticeKind, language: Language): NoticeFacts {
  const cause = (event.cause ?? {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const outcome = event.type === 'gate.go' ? 'GO' : event.type === 'gate.no-go' ? 'NO-GO' : undefined;
  const titles = language === 'zh' ? (notice.itemTitlesZh ?? notice.itemTitles) : notice.itemTitles;
  const itemTitle = event.itemKey ? (titles?.[event.itemKey] ?? event.itemKey) : undefined;
  return {
    kind,
    playbook: notice.playbook,
    caseTitle: notice.caseTitle,
    actor: event.actor,
    // A Chinese reader gets the event worded from its text, where it has one.
    summary: (language === 'en' ? undefined : wordStoredText(event.message, language)) ?? event.summary,
    ...(itemTitle ? { itemTitle } : {}),
    ...(str(cause.dueDate) ? { dueDate: str(cause.dueDate) } : {}),
    ...(str(event.before?.launchDate) ? { dateBefore: str(event.before?.launchDate) } : {}),
    ...(str(event.after?.launchDate) ? { dateAfter: str(event.after?.launchDate) } : {}),
    ...(outcome ? { outcome } : {}),
  };
}
