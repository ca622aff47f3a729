import type { z } from 'zod';
import type { inboxPageSchema, noticeSchema, personSchema } from '../../../api/people/schemas';

export type Notice = z.output<typeof noticeSchema>;
export type InboxPage = z.output<typeof inboxPageSchema>;
export type Person = z.output<typeof personSchema>;

export interface CaughtMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  at: string;
}
