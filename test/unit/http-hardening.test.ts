import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { requestId, requestLogging } from '../../api/http/hardening';

describe('request logging', () => {
  it('logs one structured line per request with its id, and never the bearer token or cookies', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = express();
    app.use(requestId, requestLogging(pino({ level: 'info' }, sink)));
    app.get('/thing', (_req, res) => {
      res.status(404).json({});
    });
    const server = app.listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const response = await fetch(`http://127.0.0.1:${port}/thing`, {
        headers: { authorization: 'Bearer s3cret-token-value', cookie: 'session=c00kie', 'x-request-id': 'req-42' },
      });
      expect(response.headers.get('x-request-id')).toBe('req-42');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      server.close();
    }
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 40,
      req: { id: 'req-42', method: 'GET', url: '/thing' },
      res: { statusCode: 404 },
    });
    expect(lines[0]).not.toContain('s3cret-token-value');
    expect(lines[0]).not.toContain('c00kie');
  });
});
