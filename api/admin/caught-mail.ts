import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CaughtMail } from '../../activities/shared/notices/mailer';
import { defineRoute } from '../http/route';

const caughtMailSchema = z
  .object({
    file: z.string(),
    to: z.string(),
    from: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    messageId: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'CaughtMail' });

/**
 * Local mode without SMTP_URL catches mail in the data folder instead of sending it; this lists it
 * (newest first) so the board's mail page shows exactly what would have been sent. Never mounted
 * in production.
 */
export function caughtMailRoutes(catchDir: string) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/dev/mail',
      operationId: 'listCaughtMail',
      summary: 'Mail caught in local mode (newest first)',
      tag: 'Development',
      permission: 'people:self',
      query: z.strictObject({
        to: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      responses: { 200: { description: 'Caught mail', schema: z.object({ items: z.array(caughtMailSchema) }) } },
      async handle({ query }) {
        const files = await readdir(catchDir).catch(() => [] as string[]);
        const summaries = files
          .filter((file) => file.endsWith('.json'))
          .sort()
          .reverse();
        const items: CaughtMail[] = [];
        for (const file of summaries) {
          if (items.length >= query.limit) break;
          const mail = JSON.parse(await readFile(path.join(catchDir, file), 'utf8')) as CaughtMail;
          if (!query.to || mail.to === query.to) items.push(mail);
        }
        return { status: 200, body: { items } };
      },
    }),
  ];
}
