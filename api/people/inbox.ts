import { z } from 'zod';
import type { Notice } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import type { NoticeKind } from '../../activities/shared/notices/kinds';
import { isUnsubscribeToken } from '../../activities/shared/notices/mailer';
import { readPreferences, channelsFor } from '../../activities/shared/notices/preferences';
import type { MailConfig } from '../../runtime/config';
import { cursorPage, decodeCursor } from '../http/cursor';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { inboxPageSchema, inboxQuerySchema, noticeParamsSchema, noticeSchema, unsubscribeSchema } from './schemas';

function presentNotice(row: Notice): z.infer<typeof noticeSchema> {
  return {
    id: row.id,
    kind: row.kind as NoticeKind,
    playbook: row.playbook,
    caseId: row.caseId,
    subject: row.subject,
    text: row.text,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** Each person's notices on the board: newest first, with the unread count the top bar shows. */
export function inboxRoutes(db: Database, mail: MailConfig | undefined) {
  const mine = (person: string) => ({ person, channel: 'inbox' });
  return [
    defineRoute({
      method: 'get',
      path: '/api/inbox',
      operationId: 'listInbox',
      summary: 'My notices, newest first',
      tag: 'Inbox',
      permission: 'people:self',
      query: inboxQuerySchema,
      responses: { 200: { description: 'A page of notices and the unread count', schema: inboxPageSchema } },
      async handle({ principal, query }) {
        const after = query.cursor ? decodeCursor(query.cursor, z.tuple([z.iso.datetime(), z.string()])) : undefined;
        const where = {
          ...mine(principal.subject),
          ...(query.unread ? { readAt: null } : {}),
          ...(after
            ? {
                OR: [
                  { createdAt: { lt: new Date(after[0]) } },
                  { createdAt: new Date(after[0]), id: { lt: after[1] } },
                ],
              }
            : {}),
        };
        const [rows, unread] = await Promise.all([
          db.notice.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit + 1 }),
          db.notice.count({ where: { ...mine(principal.subject), readAt: null } }),
        ]);
        const page = cursorPage(rows, query.limit, presentNotice, (last) => [last.createdAt, last.id]);
        return { status: 200, body: { ...page, unread } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/:id/read',
      operationId: 'markNoticeRead',
      summary: 'Mark one of my notices read',
      tag: 'Inbox',
      permission: 'people:self',
      params: noticeParamsSchema,
      responses: {
        200: { description: 'The notice', schema: noticeSchema },
        404: { description: 'Not one of my notices' },
      },
      async handle({ principal, params }) {
        const row = await db.notice.findFirst({ where: { id: params.id, ...mine(principal.subject) } });
        if (!row) throw new Problem(404, 'Notice not found', `You have no notice ${params.id}`);
        const read = row.readAt ? row : await db.notice.update({ where: { id: row.id }, data: { readAt: new Date() } });
        return { status: 200, body: presentNotice(read) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/read-all',
      operationId: 'markInboxRead',
      summary: 'Mark all my notices read',
      tag: 'Inbox',
      permission: 'people:self',
      responses: { 200: { description: 'How many were marked', schema: z.object({ marked: z.number().int() }) } },
      async handle({ principal }) {
        const { count } = await db.notice.updateMany({
          where: { ...mine(principal.subject), readAt: null },
          data: { readAt: new Date() },
        });
        return { status: 200, body: { marked: count } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/notices/unsubscribe',
      operationId: 'unsubscribeFromNotices',
      summary: 'Stop emails of one kind (the one-click link in every mail)',
      tag: 'Inbox',
      permission: 'public',
      body: unsubscribeSchema,
      responses: {
        200: {
          description: 'Emails of this kind stop; the inbox keeps them',
          schema: z.object({ person: z.string(), kind: z.string(), channels: z.array(z.string()) }),
        },
        403: { description: 'The link is not valid' },
      },
      async handle({ body }) {
        if (!mail?.secret || !isUnsubscribeToken(mail.secret, body.person, body.kind, body.token)) {
          throw new Problem(
            403,
            'Invalid unsubscribe link',
            'This unsubscribe link is not valid; change your notices on the board instead',
          );
        }
        const row = await db.person.upsert({
          where: { email: body.person },
          create: { email: body.person, source: 'sign-in' },
          update: {},
        });
        const preferences = readPreferences(row.preferences);
        const channels = channelsFor(preferences, body.kind).filter((channel) => channel !== 'email');
        preferences.channels[body.kind] = channels;
        await db.person.update({
          where: { email: body.person },
          data: { preferences: { ...preferences }, updatedAt: new Date() },
        });
        return { status: 200, body: { person: body.person, kind: body.kind, channels } };
      },
    }),
  ];
}
