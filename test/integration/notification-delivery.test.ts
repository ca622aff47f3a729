import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  createNotificationDelivery,
  notificationSinks,
  type NotificationSink,
} from '../../activities/shared/notifications';
import { connectDatabase, type Database } from '../../db/prisma';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/baton-harness';
import { startWebhook } from '../helpers/fake-webhook';

/** A pino logger whose lines are kept for the test to read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const SLACK_PATH = '/slack/T0/B0/s3cret';
const WECOM_PATH = '/wecom/send?key=s3cret';
const CAUSE = {
  itemKey: 'pricing',
  itemTitle: 'Pricing approved',
  rule: 'reminder 3 working days before',
  dueDate: '2027-02-10',
  calendar: 'cn-mainland',
  scheduledFor: '2027-02-05T00:00:00.000Z',
};

describe.each(databaseKinds())('notification delivery on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  let sinks: NotificationSink[];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectDatabase(database.url, { maxConnections: database.maxConnections });
    webhook = await startWebhook();
    sinks = notificationSinks([
      { name: 'ops-slack', format: 'slack', url: `${webhook.base}${SLACK_PATH}` },
      { name: 'cn-wecom', format: 'wecom', url: `${webhook.base}${WECOM_PATH}` },
    ]);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await webhook?.close();
  });

  beforeEach(() => {
    webhook.received.length = 0;
    webhook.statusFor.clear();
  });

  /** Outbox rows as the run projection writes them: one per event and sink. */
  async function insertRows(launchId: string, events: number[], sinkNames: string[]) {
    await db.notificationOutbox.createMany({
      data: events.flatMap((n) =>
        sinkNames.map((sink) => ({
          launchId,
          eventN: n,
          sink,
          role: 'product_manager',
          person: n === 1 ? 'pat@hq.example' : null,
          text: `Event ${n} of ${launchId}`,
          cause: n === 2 ? CAUSE : undefined,
        })),
      ),
    });
  }

  const rowsOf = (launchId: string) =>
    db.notificationOutbox.findMany({ where: { launchId }, orderBy: [{ sink: 'asc' }, { eventN: 'asc' }] });

  it('posts each row as JSON in event order, in the format of its sink, and marks it delivered', async () => {
    await insertRows('formats', [2, 1], ['ops-slack', 'cn-wecom']);
    const { logger } = capturingLogger();

    await expect(
      createNotificationDelivery(db, sinks, logger).deliverNotifications({ launchId: 'formats' }),
    ).resolves.toEqual({ delivered: 4, pending: 0 });

    const why = '\nWhy: reminder 3 working days before; due 2027-02-10; cn-mainland calendar';
    expect(webhook.requestsTo(SLACK_PATH)).toEqual([
      { path: SLACK_PATH, contentType: 'application/json', body: { text: 'Event 1 of formats' } },
      { path: SLACK_PATH, contentType: 'application/json', body: { text: `Event 2 of formats${why}` } },
    ]);
    expect(webhook.requestsTo(WECOM_PATH)).toEqual([
      {
        path: WECOM_PATH,
        contentType: 'application/json',
        body: { msgtype: 'text', text: { content: 'Event 1 of formats' } },
      },
      {
        path: WECOM_PATH,
        contentType: 'application/json',
        body: { msgtype: 'text', text: { content: `Event 2 of formats${why}` } },
      },
    ]);
    for (const row of await rowsOf('formats')) {
      expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
      expect(row.deliveredAt).toBeInstanceOf(Date);
    }
  });

  it('keeps rows pending while a webhook fails, then delivers each of them exactly once when it recovers', async () => {
    await insertRows('outage', [1, 2, 3], ['ops-slack', 'cn-wecom']);
    const { logger } = capturingLogger();
    const delivery = createNotificationDelivery(db, sinks, logger);
    webhook.statusFor.set(SLACK_PATH, 500);

    // The activity fails so Temporal retries it; the healthy sink is served all the same.
    await expect(delivery.deliverNotifications({ launchId: 'outage' })).rejects.toThrow(
      /^3 notification\(s\) of launch outage still pending \(ops-slack: HTTP 500\)$/,
    );
    expect(webhook.requestsTo(SLACK_PATH)).toHaveLength(1); // the failing sink got nothing more after its first failure
    expect(webhook.requestsTo(WECOM_PATH)).toHaveLength(3);
    const afterOutage = (await rowsOf('outage')).filter((row) => row.sink === 'ops-slack');
    expect(
      afterOutage.map(({ eventN, status, attempts, lastError }) => ({ eventN, status, attempts, lastError })),
    ).toEqual([
      { eventN: 1, status: 'pending', attempts: 1, lastError: 'HTTP 500' },
      { eventN: 2, status: 'pending', attempts: 0, lastError: null },
      { eventN: 3, status: 'pending', attempts: 0, lastError: null },
    ]);

    // A retry during the outage counts another attempt and still loses nothing.
    await expect(delivery.deliverNotifications({ launchId: 'outage' })).rejects.toThrow(/^3 notification/);
    expect((await rowsOf('outage')).find((row) => row.sink === 'ops-slack' && row.eventN === 1)?.attempts).toBe(2);

    webhook.statusFor.delete(SLACK_PATH);
    webhook.received.length = 0;
    await expect(delivery.deliverNotifications({ launchId: 'outage' })).resolves.toEqual({ delivered: 3, pending: 0 });
    await expect(delivery.deliverNotifications({ launchId: 'outage' })).resolves.toEqual({ delivered: 0, pending: 0 });
    expect(webhook.requestsTo(WECOM_PATH)).toHaveLength(0);
    expect(webhook.requestsTo(SLACK_PATH).map((request) => request.body)).toEqual([
      { text: 'Event 1 of outage' },
      { text: expect.stringMatching(/^Event 2 of outage\nWhy: /) },
      { text: 'Event 3 of outage' },
    ]);
    const rows = await rowsOf('outage');
    expect(rows.every((row) => row.status === 'delivered' && row.deliveredAt !== null)).toBe(true);
    expect(rows.filter((row) => row.sink === 'ops-slack').map((row) => row.attempts)).toEqual([3, 1, 1]);
  });

  it('records why a webhook could not be reached, never its URL', async () => {
    await insertRows('unreachable', [1], ['ops-slack']);
    const closed = await startWebhook();
    await closed.close();
    const { logger, lines } = capturingLogger();
    const secretUrl = `${closed.base}${SLACK_PATH}`;
    const delivery = createNotificationDelivery(db, [{ name: 'ops-slack', format: 'slack', url: secretUrl }], logger);

    const failure = await delivery.deliverNotifications({ launchId: 'unreachable' }).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(
      /^1 notification\(s\) of launch unreachable still pending \(ops-slack: fetch failed \(ECONNREFUSED\)\)$/,
    );
    const [row] = await rowsOf('unreachable');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'fetch failed (ECONNREFUSED)' });
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('treats a WeCom refusal (HTTP 200 with an errcode) as a failure', async () => {
    await insertRows('wecom-refusal', [1], ['cn-wecom']);
    const server = createServer((_request, response) =>
      response.end('{"errcode":93000,"errmsg":"invalid webhook url"}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WECOM_PATH}`;
      const delivery = createNotificationDelivery(
        db,
        [{ name: 'cn-wecom', format: 'wecom', url }],
        capturingLogger().logger,
      );
      await expect(delivery.deliverNotifications({ launchId: 'wecom-refusal' })).rejects.toThrow(
        /cn-wecom: WeCom errcode 93000/,
      );
      expect((await rowsOf('wecom-refusal'))[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'WeCom errcode 93000',
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('counts each row once when two deliverers run at the same time', async () => {
    await insertRows('concurrent', [1, 2, 3, 4], ['ops-slack', 'cn-wecom']);
    const { logger } = capturingLogger();
    const results = await Promise.all(
      [1, 2].map(() => createNotificationDelivery(db, sinks, logger).deliverNotifications({ launchId: 'concurrent' })),
    );
    expect(results.reduce((sum, result) => sum + result.delivered, 0)).toBe(8);
    const rows = await rowsOf('concurrent');
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(Array.from({ length: 8 }, () => ['delivered', 1]));
  });

  it('writes rows of the log sink as structured log lines and marks them delivered', async () => {
    await insertRows('logged', [1, 2], ['log']);
    const { logger, lines } = capturingLogger();

    await expect(
      createNotificationDelivery(db, notificationSinks(), logger).deliverNotifications({ launchId: 'logged' }),
    ).resolves.toEqual({ delivered: 2, pending: 0 });

    expect(webhook.received).toHaveLength(0);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'Event 1 of logged',
        notification: { launchId: 'logged', eventN: 1, role: 'product_manager', person: 'pat@hq.example', cause: null },
      }),
      expect.objectContaining({
        level: 30,
        msg: 'Event 2 of logged',
        notification: { launchId: 'logged', eventN: 2, role: 'product_manager', person: null, cause: CAUSE },
      }),
    ]);
    expect((await rowsOf('logged')).map((row) => [row.status, row.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('keeps rows of a sink that is no longer configured pending, with one warning, and delivers the rest', async () => {
    await insertRows('removed-sink', [1, 2], ['old-hook', 'ops-slack']);
    const { logger, lines } = capturingLogger();

    await expect(
      createNotificationDelivery(db, sinks, logger).deliverNotifications({ launchId: 'removed-sink' }),
    ).resolves.toEqual({ delivered: 2, pending: 2 });

    expect(lines.filter((line) => line.level === 40)).toEqual([
      expect.objectContaining({
        launchId: 'removed-sink',
        sinks: ['old-hook'],
        msg: expect.stringMatching(/no longer configured/),
      }),
    ]);
    const rows = await rowsOf('removed-sink');
    expect(rows.map((row) => [row.sink, row.status, row.attempts])).toEqual([
      ['old-hook', 'pending', 0],
      ['old-hook', 'pending', 0],
      ['ops-slack', 'delivered', 1],
      ['ops-slack', 'delivered', 1],
    ]);
  });
});
