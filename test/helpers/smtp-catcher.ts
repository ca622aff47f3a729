import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailConfig } from '../../runtime/config';

/**
 * A real SMTP server for tests: it accepts every mail, parses it, and can go down and come back on its
 * port. Addresses put in `refuse` are answered 550 (no such mailbox), those in `defer` 450 (try later).
 */
export interface SmtpCatcher {
  url: string;
  mails: ParsedMail[];
  refuse: Set<string>;
  defer: Set<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const mails: ParsedMail[] = [];
  const refuse = new Set<string>();
  const defer = new Set<string>();
  let port = 0;
  let server: SMTPServer | undefined;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
        if (refuse.has(address.address)) return callback(refusal(550, `5.1.1 <${address.address}>: no such mailbox`));
        if (defer.has(address.address)) return callback(refusal(450, `4.2.1 <${address.address}>: try again later`));
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            mails.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as AddressInfo).port;
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await listen();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse,
    defer,
    stop,
    start: listen,
    close: stop,
  };
}

/** Mail settings that send through `smtp`, with links to `boardUrl` and a throwaway folder for caught mail. */
export function mailThrough(smtp: SmtpCatcher, boardUrl: string): MailConfig {
  return {
    smtpUrl: smtp.url,
    from: 'Baton <baton@example.com>',
    boardUrl,
    catchDir: path.join(mkdtempSync(path.join(tmpdir(), 'baton-mail-')), 'mail'),
  };
}
