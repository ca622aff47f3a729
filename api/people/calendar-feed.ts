import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { z } from 'zod';
import type { Database } from '../../db/prisma';
import type { MailConfig } from '../../runtime/config';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

interface Dated {
  uid: string;
  date: string;
  summary: string;
  path: string;
}

/**
 * A personal iCalendar feed: the due dates of my launch items, my handoff milestones, the launch
 * dates of runs I own and the contract ends of renewals I own, as all-day events Outlook or Google
 * Calendar subscribe to. The URL carries a secret only its owner saw once (only its hash is kept);
 * making a new one or revoking it ends the old URL.
 */
export function calendarFeedRoutes(db: Database, mail: MailConfig | undefined) {
  const feedUrl = (secret: string) => `${mail?.boardUrl ?? ''}/api/calendar/${secret}.ics`;
  return [
    defineRoute({
      method: 'post',
      path: '/api/me/calendar-feed',
      operationId: 'createCalendarFeed',
      summary: 'Make my calendar feed URL (a new one ends the old)',
      tag: 'People',
      permission: 'people:self',
      responses: { 201: { description: 'The URL, shown once', schema: z.object({ url: z.string() }) } },
      async handle({ principal }) {
        const secret = randomBytes(24).toString('base64url');
        await db.person.upsert({
          where: { email: principal.subject },
          create: {
            email: principal.subject,
            roles: principal.roles,
            regions: principal.regions,
            source: 'sign-in',
            calendarSecret: hashSecret(secret),
          },
          update: { calendarSecret: hashSecret(secret), updatedAt: new Date() },
        });
        return { status: 201, body: { url: feedUrl(secret) } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/me/calendar-feed',
      operationId: 'revokeCalendarFeed',
      summary: 'Revoke my calendar feed URL',
      tag: 'People',
      permission: 'people:self',
      responses: { 204: { description: 'The URL no longer answers' } },
      async handle({ principal }) {
        await db.person.updateMany({
          where: { email: principal.subject },
          data: { calendarSecret: null, updatedAt: new Date() },
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/calendar/:feed',
      operationId: 'getCalendarFeed',
      summary: 'A personal calendar feed (iCalendar)',
      tag: 'People',
      permission: 'public',
      params: z.object({
        feed: z
          .string()
          .regex(/^[A-Za-z0-9_-]{20,64}\.ics$/, 'must be the feed name from your calendar feed URL')
          .meta({ description: 'The secret of the feed URL, then .ics' }),
      }),
      responses: {
        200: { description: 'The feed', schema: z.string(), mediaType: 'text/calendar' },
        404: { description: 'No such feed (or it was revoked)' },
      },
      async handle({ params }) {
        const person = await db.person.findUnique({ where: { calendarSecret: hashSecret(params.feed.slice(0, -4)) } });
        if (!person)
          throw new Problem(404, 'Calendar feed not found', 'This calendar feed does not exist or was revoked');
        const calendar = ical({
          name: 'Baton',
          method: ICalCalendarMethod.PUBLISH,
          prodId: { company: 'Baton', product: 'Baton' },
        });
        for (const event of await datesOf(db, person.email)) {
          const day = new Date(`${event.date}T00:00:00Z`);
          calendar.createEvent({
            id: event.uid,
            start: day,
            end: new Date(day.getTime() + 86_400_000),
            allDay: true,
            summary: event.summary,
            url: `${mail?.boardUrl ?? ''}${event.path}`,
          });
        }
        return { status: 200, body: calendar.toString(), contentType: 'text/calendar; charset=utf-8' };
      },
    }),
  ];
}

async function datesOf(db: Database, email: string): Promise<Dated[]> {
  const day = (value: Date) => value.toISOString().slice(0, 10);
  const [items, runs, handoffs, renewals] = await Promise.all([
    db.$queryRaw<{ launch_id: string; key: string; title: string; due_date: Date; product_name: string }[]>`
      SELECT i.launch_id, i.key, i.title, i.due_date, r.product_name FROM launch_item i JOIN launch_run r ON r.id = i.launch_id
      WHERE i.assignee = ${email} AND i.status IN ('blocked', 'ready', 'in_progress') AND r.status = 'active'`,
    db.$queryRaw<{ id: string; product_name: string; launch_date: Date }[]>`
      SELECT id, product_name, launch_date FROM launch_run
      WHERE status = 'active' AND EXISTS (SELECT 1 FROM jsonb_each_text(owners) o WHERE o.value = ${email})`,
    db.handoff.findMany({ where: { endedAt: null }, select: { id: true, account: true, milestones: true } }),
    db.renewal.findMany({
      where: { customerSuccessOwner: email, endedAt: null },
      select: { id: true, account: true, contractEnd: true },
    }),
  ]);
  const dates: Dated[] = [
    ...items.map((item) => ({
      uid: `launch-item.${item.launch_id}.${item.key}@baton`,
      date: day(item.due_date),
      summary: `${item.title} (${item.product_name})`,
      path: `/launches/${encodeURIComponent(item.launch_id)}#item-${encodeURIComponent(item.key)}`,
    })),
    ...runs.map((run) => ({
      uid: `launch.${run.id}@baton`,
      date: day(run.launch_date),
      summary: `Launch: ${run.product_name}`,
      path: `/launches/${encodeURIComponent(run.id)}`,
    })),
    ...renewals.map((renewal) => ({
      uid: `renewal.${renewal.id}@baton`,
      date: day(renewal.contractEnd),
      summary: `Contract ends: ${renewal.account}`,
      path: `/renewals/${encodeURIComponent(renewal.id)}`,
    })),
  ];
  for (const handoff of handoffs) {
    const milestones = Array.isArray(handoff.milestones)
      ? (handoff.milestones as {
          key: string;
          title: string;
          assignee: string | null;
          status: string;
          dueDate: string;
        }[])
      : [];
    for (const milestone of milestones) {
      if (milestone.assignee !== email || milestone.status === 'done') continue;
      dates.push({
        uid: `milestone.${handoff.id}.${milestone.key}@baton`,
        date: milestone.dueDate,
        summary: `${milestone.title} (${handoff.account})`,
        path: `/handoffs/${encodeURIComponent(handoff.id)}`,
      });
    }
  }
  return dates;
}
