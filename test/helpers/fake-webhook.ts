import { createServer, type Server } from 'node:http';
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
      response.writeHead(statusFor.get(path) ?? 200, { 'content-type': 'application/json' }).end(path.startsWith('/wecom') ? '{"errcode":0,"errmsg":"ok"}' : 'ok');
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
