import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import type { Database } from '../../db/prisma';
import { createLogger } from '../../runtime/logger';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every (method, path) Express actually serves, read from its router. */
function mountedOperations(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    .sort();
}

function documentedOperations(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('the OpenAPI document covers every route', () => {
  for (const devLogin of [false, true]) {
    it(`documents exactly what Express serves (development login ${devLogin ? 'on' : 'off'})`, async () => {
      const app = createApp({
        // Never called: only the options the API derives its worker-checking client from.
        client: { options: { namespace: 'default' } } as Client,
        db: {} as Database,
        taskQueue: 'unused',
        logger: createLogger('silent'),
        settings: { auth: { jwtSecret: 'x'.repeat(32) }, devLogin, corsOrigins: [], rateLimitPerMinute: 10 },
      });
      const server = app.listen(0);
      try {
        const port = (server.address() as { port: number }).port;
        const document = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as {
          paths: Record<string, Record<string, unknown>>;
        };
        const mounted = mountedOperations(app);
        expect(mounted.length).toBeGreaterThanOrEqual(9);
        expect(documentedOperations(document)).toEqual(mounted);
        expect(mounted.includes('POST /api/dev/login')).toBe(devLogin);
      } finally {
        server.close();
      }
    });
  }
});
