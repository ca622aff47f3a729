import type { Database } from '../../../db/prisma';
import type { Language } from './kinds';
import type { Mailer } from './mailer';
import { escapeHtml } from './messages';
import { localHour, readPreferences, inQuietHours } from './preferences';

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone (an unknown zone counts as UTC). */
export function localDate(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** True when a person's digest is due at `now`: their chosen local hour has come and today's was not sent. */
export function digestDue(person: { timeZone: string; digestSentOn: string | null }, hour: number, now: Date): boolean {
  return localHour(now, person.timeZone) >= hour && person.digestSentOn !== localDate(now, person.timeZone);
}

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

/**
 * Sends each person who chose a digest one mail a day at their hour in their time zone: what is
 * overdue, what is due this week, and the notices held for it. The day is claimed on the person's
 * row first, so two workers never both send it; a failed send gives the day back to be tried again.
 * Also hands mail held for quiet hours back to the sender once those hours are over.
 */
export async function sendDueDigests(db: Database, mailer: Mailer, now = new Date()): Promise<number> {
  const people = await db.person.findMany({ where: { preferences: { path: ['digest', 'enabled'], equals: true } } });
  let sent = 0;
  for (const person of people) {
    const preferences = readPreferences(person.preferences);
    if (!digestDue(person, preferences.digest.hour, now)) continue;
    const today = localDate(now, person.timeZone);
    const claimed = await db.person.updateMany({
      where: { email: person.email, digestSentOn: person.digestSentOn },
      data: { digestSentOn: today },
    });
    if (claimed.count === 0) continue;
    try {
      await sendDigest(db, mailer, person.email, person.language === 'zh' ? 'zh' : 'en', today);
      sent += 1;
    } catch (error) {
      await db.person.updateMany({
        where: { email: person.email, digestSentOn: today },
        data: { digestSentOn: person.digestSentOn },
      });
      throw error;
    }
  }
  await releaseAfterQuietHours(db, now);
  return sent;
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

async function releaseAfterQuietHours(db: Database, now: Date): Promise<void> {
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
