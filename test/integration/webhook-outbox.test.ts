import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectDatabase, type Database } from '../../db/prisma';
import { deliverDueWebhooks, enqueueCaseEventsOut } from '../../activities/integrations/webhook-outbox';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/baton-harness';

/**
 * The case-event outbox against a real database and a real receiver that keeps failing: each
 * failure backs off, and a long streak disables the subscription and tells each admin in their language.
 */
describe.each(databaseKinds())('webhook outbox failures on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let server: http.Server;
  let url: string;
  let posts = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectDatabase(database.url, { maxConnections: database.maxConnections });
    server = http.createServer((_req, res) => {
      posts += 1;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db?.$disconnect();
    await database?.drop();
  });

  it('backs off after each failure and disables the subscription after the streak, telling the admins', async () => {
    await db.person.createMany({
      data: [
        { email: 'ada@hq.example', roles: ['admin'], language: 'en', source: 'admin' },
        { email: 'li@hq.example', roles: ['admin'], language: 'zh', source: 'admin' },
        { email: 'olga@hq.example', roles: ['ops_manager'], source: 'admin' },
      ],
    });
    await db.webhookSubscription.create({
      data: {
        id: 'sub_failing',
        url,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        kinds: ['created'],
        createdBy: 'ada',
      },
    });
    await db.webhookDelivery.create({
      data: {
        subscriptionId: 'sub_failing',
        messageId: 'poc:acme:OPP-1:stage:0',
        caseId: 'poc:acme:OPP-1',
        eventN: 0,
        kind: 'created',
        payload: { type: 'case.created' },
      },
    });

    const attemptStarted = Date.now();
    const first = await deliverDueWebhooks(db, { disableAfter: 3 });
    const attemptEnded = Date.now();
    expect(first).toEqual({ delivered: 0, failed: 1, disabled: [] });
    const waiting = await db.webhookDelivery.findFirstOrThrow();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    // Five seconds from the failed attempt, however long the attempt itself took on a busy machine.
    expect(waiting.claimedUntil!.getTime()).toBeGreaterThanOrEqual(attemptStarted + 5_000);
    expect(waiting.claimedUntil!.getTime()).toBeLessThanOrEqual(attemptEnded + 5_000);
    // Within its backoff nothing is sent.
    expect(await deliverDueWebhooks(db, { disableAfter: 3 })).toEqual({ delivered: 0, failed: 0, disabled: [] });
    expect(posts).toBe(1);

    // The backoff passes twice more (moved by hand rather than waited for): the third failure disables it.
    for (const round of [2, 3]) {
      await db.webhookDelivery.updateMany({ data: { claimedUntil: new Date(Date.now() - 1000) } });
      const result = await deliverDueWebhooks(db, { disableAfter: 3 });
      expect(result.disabled).toEqual(round === 3 ? ['sub_failing'] : []);
    }
    expect(posts).toBe(3);
    expect(await db.webhookSubscription.findUniqueOrThrow({ where: { id: 'sub_failing' } })).toMatchObject({
      enabled: false,
      failureStreak: 3,
      disabledWhy: '3 failed attempts in a row; last: HTTP 500',
    });
    const notices = await db.notice.findMany({ where: { caseId: 'webhook:sub_failing' }, orderBy: { person: 'asc' } });
    expect(notices.map((notice) => [notice.person, notice.subject])).toEqual([
      ['ada@hq.example', 'Webhook subscription sub_failing disabled'],
      ['li@hq.example', 'Webhook 订阅 sub_failing 已停用'],
    ]);
    // Disabled: its event stays pending (nothing lost) and is not sent.
    await db.webhookDelivery.updateMany({ data: { claimedUntil: null } });
    await deliverDueWebhooks(db, { disableAfter: 3 });
    expect(posts).toBe(3);
    expect((await db.webhookDelivery.findFirstOrThrow()).status).toBe('pending');
  });
  it('keeps what happens while a failure streak disabled a subscription, and lets its backlog stall nobody else', async () => {
    const received: string[] = [];
    const healthy = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(req.headers['webhook-id'] as string);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => healthy.listen(0, '127.0.0.1', resolve));
    const healthyUrl = `http://127.0.0.1:${(healthy.address() as AddressInfo).port}/hooks`;
    try {
      const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      await db.webhookSubscription.createMany({
        data: [
          { id: 'sub_healthy', url: healthyUrl, secret, kinds: ['created'], createdBy: 'ada' },
          { id: 'sub_paused', url: healthyUrl, secret, kinds: ['created'], createdBy: 'ada', enabled: false },
        ],
      });
      // sub_failing (disabled by its streak above) holds a backlog older than the healthy one's event,
      // more than one round takes.
      const old = new Date(Date.now() - 60_000);
      await db.webhookDelivery.createMany({
        data: Array.from({ length: 5 }, (_, n) => ({
          subscriptionId: 'sub_failing',
          messageId: `poc:backlog:${n}`,
          caseId: 'poc:backlog',
          eventN: n,
          kind: 'created',
          payload: { type: 'case.created' },
          createdAt: old,
        })),
      });
      await enqueueCaseEventsOut(db, 'poc:new', [
        {
          messageId: 'poc:new:stage:0',
          eventN: 0,
          kind: 'created',
          message: { type: 'case.created', at: new Date().toISOString() } as never,
        },
      ]);
      const round = await deliverDueWebhooks(db, { limit: 3, disableAfter: 3 });
      expect(round).toMatchObject({ delivered: 1, failed: 0 });
      expect(received).toEqual(['poc:new:stage:0']);
      // The event also waits for the subscription the streak disabled; the one an admin disabled does not get it.
      const queued = await db.webhookDelivery.findMany({
        where: { messageId: 'poc:new:stage:0' },
        orderBy: { subscriptionId: 'asc' },
      });
      expect(queued.map((row) => [row.subscriptionId, row.status])).toEqual([
        ['sub_failing', 'pending'],
        ['sub_healthy', 'delivered'],
      ]);
    } finally {
      await new Promise<void>((resolve) => healthy.close(() => resolve()));
    }
  });
  it('tells a new subscriber what happens from its subscription on, not the past of a case that changes later', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const since = new Date(Date.now() - 1_000);
    await db.webhookSubscription.create({
      data: { id: 'sub_new', url, secret, kinds: ['created', 'stage-changed'], createdBy: 'ada', createdAt: since },
    });
    const message = (n: number, at: Date) => ({ type: 'case.stage-changed', eventN: n, at: at.toISOString() }) as never;
    await enqueueCaseEventsOut(db, 'poc:old', [
      {
        messageId: 'poc:old:stage:0',
        eventN: 0,
        kind: 'created',
        message: message(0, new Date(since.getTime() - 86_400_000)),
      },
      { messageId: 'poc:old:stage:1', eventN: 1, kind: 'stage-changed', message: message(1, new Date()) },
    ]);
    const queued = await db.webhookDelivery.findMany({ where: { subscriptionId: 'sub_new' } });
    expect(queued.map((row) => row.messageId)).toEqual(['poc:old:stage:1']);
  });
});
