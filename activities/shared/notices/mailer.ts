import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../../../runtime/config';
import type { NoticeKind } from './kinds';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notice: a receiver can tell a resend from a new mail. */
  messageId: string;
  /** Notices carry one; a mail the person asked for (a portal invitation) has none. */
  unsubscribeUrl?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  readonly settings: MailConfig;
}

/** What local mode's mail page lists for each caught mail (stored beside its .eml). */
export interface CaughtMail {
  file: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  at: string;
}

/**
 * Sends mail through SMTP_URL, or, without one, catches it in the data folder (an .eml and a JSON
 * summary per mail) so a newcomer sees exactly what would have been sent. Errors never carry the
 * server's URL, whose user info holds credentials.
 */
export function createMailer(settings: MailConfig): Mailer {
  const transport = settings.smtpUrl
    ? nodemailer.createTransport(settings.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    settings,
    async send(mail) {
      const message = {
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.unsubscribeUrl
          ? {
              list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Stop emails of this kind' } },
              headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
            }
          : {}),
      };
      let raw: unknown;
      try {
        raw = ((await transport.sendMail(message)) as { message?: unknown }).message;
      } catch (error) {
        throw new MailFailure(
          `The mail server refused or could not be reached: ${redact(error, settings.smtpUrl)}`,
          isPermanentRefusal(error),
        );
      }
      if (!settings.smtpUrl) await catchMail(settings.catchDir, mail, settings.from, raw);
    },
  };
}

/** A mail that was not sent; `permanent` when the server refused it for good (a retry would be refused again). */
export class MailFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailFailure';
  }
}

/**
 * SMTP's 5xx replies are permanent (RFC 5321 4.2.1: "the same request ... will be rejected again"): an
 * unknown mailbox, a domain that takes no mail. 4xx replies and network failures are worth retrying.
 */
function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

async function catchMail(dir: string, mail: OutgoingMail, from: string, raw: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  const at = new Date().toISOString();
  const file = `${at.replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  await writeFile(path.join(dir, `${file}.eml`), Buffer.isBuffer(raw) ? raw : String(raw));
  const caught: CaughtMail = {
    file: `${file}.eml`,
    to: mail.to,
    from,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    at,
  };
  await writeFile(path.join(dir, `${file}.json`), JSON.stringify(caught));
}

function redact(error: unknown, url: string | undefined): string {
  let message = error instanceof Error ? error.message : String(error);
  if (url) {
    message = message.split(url).join('<SMTP_URL>');
    const password = safeUrl(url)?.password;
    if (password) message = message.split(decodeURIComponent(password)).join('***');
  }
  return message;
}

const safeUrl = (url: string) => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/** The token in a one-click unsubscribe link: it names the person and the kind, and only Baton can make it. */
export function unsubscribeToken(secret: string, person: string, kind: NoticeKind): string {
  return createHmac('sha256', secret).update(`unsubscribe\n${person}\n${kind}`).digest('base64url');
}

export function isUnsubscribeToken(secret: string, person: string, kind: NoticeKind, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, person, kind));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function unsubscribeUrl(settings: MailConfig, person: string, kind: NoticeKind): string {
  const token = settings.secret ? unsubscribeToken(settings.secret, person, kind) : '';
  const query = new URLSearchParams({ person, kind, token });
  return `${settings.boardUrl}/unsubscribe?${query.toString()}`;
}
