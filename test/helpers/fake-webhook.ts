import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake webhook received. */
interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

/** A webhook on 127.0.0.1 that records every request and answers with the status set for its path. */
export async function startWebhook() {
  const received: Received[] = [];
  const statusFor = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, contentType: request.headers['content-type'], body: JSON.parse(text) });
      response
        .writeHead(statusFor.get(path) ?? 200, { 'content-type': 'application/json' })
        .end(path.startsWith('/wecom') ? '{"errcode":0,"errmsg":"ok"}' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    statusFor,
    base,
    requestsTo: (path: string) => received.filter((request) => request.path === path),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface ScriptedAnswer {
  status: number;
  body: string;
  /** Milliseconds to wait before answering. */
  delay?: number;
}

/**
 * A webhook on 127.0.0.1 answering each request with the next scripted answer (200 `{}` once they
 * run out), for services Baton calls and reads the answer of (provisioning, health figures). Its URL
 * carries a secret-looking path, so tests can check it is never echoed.
 */
export async function startScriptedWebhook(answers: ScriptedAnswer[]) {
  const received: { path: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
  const timers: NodeJS.Timeout[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(text) });
      const answer = answers.shift() ?? { status: 200, body: '{}' };
      const send = () => response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      if (answer.delay) timers.push(setTimeout(send, answer.delay));
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    /** Scripts more answers (e.g. between the steps of a test). */
    answer: (...more: ScriptedAnswer[]) => answers.push(...more),
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/s3cret-token`,
    async close() {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
