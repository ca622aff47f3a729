import type { Database } from '../../../db/prisma';
import type { Language } from './kinds';
import { MailFailure, type Mailer } from './mailer';
import { escapeHtml } from './messages';
import { readPreferences, inQuietHours } from './preferences';
import { digestUndeliverable } from './undeliverable';

const WORDS = {
  subject: { en: 'Your Baton digest for', zh: 'Baton 每日摘要' },
  overdue: { en: 'Overdue', zh: '已逾期' },
  dueThisWeek: { en: 'Due this week', zh: '本周到期' },
  notices: { en: 'What changed and waits on you', zh: '变更与待您处理的事项' },
  nothing: { en: 'Nothing is waiting on you.', zh: '暂无待您处理的事项。' },
  open: { en: 'Open your tasks', zh: '打开我的任务' },
} as const;

interface DigestItem {
  title: string;
  dueDate: string;
  link: string;
}

export interface DigestActivities {
  /** Sends a person the digest of one local date, unless it went out already or they no longer want one. */
  sendPersonDigest(request: { email: string; date: string; at: string }): Promise<'sent' | 'skipped' | 'undeliverable'>;
}

/**
 * The digest workflow's activity. The date is claimed on the person's row first, so a retry or a
 * second run of the same day never sends two; a failed send gives the day back for the retry.
 */
export function createDigestActivities(db: Database, mailer: Mailer | undefined): DigestActivities {
  return {
    async sendPersonDigest({ email, date }) {
      const person = await db.person.findUnique({ where: { email } });
      if (!mailer || !person || !readPreferences(person.preferences).digest.enabled) return 'skipped';
      const claimed = await db.person.updateMany({
        where: { email, OR: [{ digestSentOn: null }, { digestSentOn: { not: date } }] },
        data: { digestSentOn: date },
      });
      if (claimed.count === 0) return 'skipped';
      try {
        await sendDigest(db, mailer, email, person.language === 'zh' ? 'zh' : 'en', date);
      } catch (error) {
        // Refused for good: retrying all day would block tomorrow's digest; the day stays spent and they are told.
        if (error instanceof MailFailure && error.permanent) {
          await digestUndeliverable(db, email, error.message);
          return 'undeliverable';
        }
        await db.person.updateMany({
          where: { email, digestSentOn: date },
          data: { digestSentOn: person.digestSentOn },
        });
        throw error;
      }
      return 'sent';
    },
  };
}

async function sendDigest(
  db: Database,
  mailer: Mailer,
  email: string,
  language: Language,
  today: string,
): Promise<void> {
  const held = await db.notice.findMany({
    where: { person: email, channel: 'email', status: 'held' },
    orderBy: { createdAt: 'asc' },
  });
  const weekAhead = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000);
  const items = await db.$queryRaw<
    { launch_id: string; key: string; title: string; due_date: Date; overdue: boolean }[]
  >`
    SELECT i.launch_id, i.key, i.title, i.due_date, i.overdue FROM launch_item i JOIN launch_run r ON r.id = i.launch_id
    WHERE i.assignee = ${email} AND i.status IN ('ready', 'in_progress', 'blocked') AND r.status = 'active'
      AND i.due_date < ${weekAhead}
    ORDER BY i.due_date, i.launch_id, i.key`;
  const toItem = (row: (typeof items)[number]): DigestItem => ({
    title: row.title,
    dueDate: row.due_date.toISOString().slice(0, 10),
    link: `${mailer.settings.boardUrl}/launches/${encodeURIComponent(row.launch_id)}#item-${encodeURIComponent(row.key)}`,
  });
  const overdue = items.filter((row) => row.overdue).map(toItem);
  const dueSoon = items.filter((row) => !row.overdue).map(toItem);
  const lines: string[] = [];
  const section = (title: string, entries: string[]) => {
    if (entries.length > 0) lines.push(`${title}:`, ...entries.map((entry) => `- ${entry}`), '');
  };
  section(
    WORDS.overdue[language],
    overdue.map((item) => `${item.title} (${item.dueDate}) ${item.link}`),
  );
  section(
    WORDS.dueThisWeek[language],
    dueSoon.map((item) => `${item.title} (${item.dueDate}) ${item.link}`),
  );
  section(
    WORDS.notices[language],
    held.map((notice) => `${notice.subject} ${mailer.settings.boardUrl}${notice.link}`),
  );
  if (lines.length === 0) lines.push(WORDS.nothing[language]);
  const tasks = `${mailer.settings.boardUrl}/tasks`;
  const text = `${lines.join('\n')}\n${WORDS.open[language]}: ${tasks}\n`;
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif"><pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(lines.join('\n'))}</pre><p><a href="${escapeHtml(tasks)}">${WORDS.open[language]}</a></p></body></html>`;
  await mailer.send({
    to: email,
    subject: `${WORDS.subject[language]} ${today}`,
    text,
    html,
    messageId: `<digest.${today}.${Buffer.from(email).toString('base64url')}@baton>`,
    unsubscribeUrl: `${mailer.settings.boardUrl}/settings`,
  });
  if (held.length > 0) {
    await db.notice.updateMany({
      where: { id: { in: held.map((notice) => notice.id) }, status: 'held' },
      data: { status: 'delivered', deliveredAt: new Date() },
    });
  }
}

/** Hands mail held for quiet hours back to the sender once those hours are over. */
export async function releaseAfterQuietHours(db: Database, now = new Date()): Promise<void> {
  const held = await db.notice.findMany({
    where: { channel: 'email', status: 'held' },
    select: { person: true },
    distinct: ['person'],
  });
  if (held.length === 0) return;
  const people = await db.person.findMany({ where: { email: { in: held.map((row) => row.person) } } });
  const byEmail = new Map(people.map((person) => [person.email, person]));
  for (const { person: email } of held) {
    const person = byEmail.get(email);
    const preferences = readPreferences(person?.preferences);
    if (preferences.digest.enabled || inQuietHours(preferences, person?.timeZone ?? 'UTC', now)) continue;
    await db.notice.updateMany({
      where: { person: email, channel: 'email', status: 'held' },
      data: { status: 'pending', claimedUntil: null },
    });
  }
}
