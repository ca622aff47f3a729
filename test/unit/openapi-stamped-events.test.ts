import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import type { Database } from '../../db/prisma';
import { stampActionEffort, type StampedEvent } from '../../domain/insights/effort';
import { createLogger } from '../../runtime/logger';

type JsonSchema = { properties?: Record<string, unknown>; additionalProperties?: unknown } & Record<string, unknown>;

/** Every object schema in the document (components and inline), with where it sits. */
function objectSchemas(node: unknown, at: string, found: [string, JsonSchema][] = []): [string, JsonSchema][] {
  if (Array.isArray(node)) node.forEach((child, index) => objectSchemas(child, `${at}[${index}]`, found));
  else if (node && typeof node === 'object') {
    const schema = node as JsonSchema;
    if (schema.properties && typeof schema.properties === 'object') found.push([at, schema]);
    for (const [key, child] of Object.entries(schema)) objectSchemas(child, `${at}/${key}`, found);
  }
  return found;
}

describe('timeline events in API answers', () => {
  it('declare every field an action stamps on its events, wherever their schema allows no others', async () => {
    // What the workflows write on the events of an action (issue 21), beyond the event itself.
    const event: StampedEvent = { n: 1, actor: 'olga' };
    stampActionEffort({ timeline: [event] }, 0, { actorRole: 'ops_manager', effortMinutes: 5, actor: 'olga' });
    const stamped = Object.keys(event).filter((key) => key !== 'n' && key !== 'actor');
    expect(stamped).toEqual(expect.arrayContaining(['actorRole', 'effortMinutes']));

    const app = createApp({
      client: { options: { namespace: 'default' } } as Client,
      db: {} as Database,
      taskQueue: 'unused',
      logger: createLogger('silent'),
      settings: { auth: { jwtSecret: 'x'.repeat(32) }, devLogin: false, corsOrigins: [], rateLimitPerMinute: 10 },
    });
    const server = app.listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const document: unknown = await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json();
      const closedEvents = objectSchemas(document, '#').filter(
        ([, schema]) =>
          schema.additionalProperties === false &&
          ['n', 'at', 'type', 'actor', 'summary'].every((key) => key in schema.properties!),
      );
      // The launch run's, the four case states' and the read model's timelines at least.
      expect(closedEvents.length).toBeGreaterThanOrEqual(6);
      const missing = closedEvents
        .map(([at, schema]) => [at, stamped.filter((key) => !(key in schema.properties!))] as const)
        .filter(([, keys]) => keys.length > 0);
      expect(missing).toEqual([]);
    } finally {
      server.close();
    }
  });
});
