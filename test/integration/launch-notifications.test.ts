import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { startWebhook } from '../helpers/fake-webhook';

const OLGA: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };

describe.each(databaseKinds())('notifications from a live run to a chat webhook, on %s', (kind) => {
  let stack: BatonStack;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;

  beforeAll(async () => {
    webhook = await startWebhook();
    stack = await startBatonStack(kind, {
      notifyWebhooks: [{ name: 'ops-chat', format: 'slack', url: `${webhook.base}/ops-chat` }],
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await webhook?.close();
  });

  it('tells the signer an item waits for their sign-off, through the outbox, even when the webhook is down at first', async () => {
    // The chat is down: the first delivery fails and the message waits in the outbox.
    webhook.statusFor.set('/ops-chat', 503);
    const start = await stack.request(
      'POST',
      '/api/launches',
      {
        launchId: 'chatty',
        productName: 'Chatty',
        launchDate: '2030-06-03',
        owners: { ops_manager: OLGA.subject, product_manager: PAT.subject },
      },
      { as: OLGA },
    );
    expect(start.status).toBe(201);
    await stack.request(
      'POST',
      '/api/launches/chatty/items/demand-research/complete',
      { link: 'https://wiki.example/research' },
      { as: PAT },
    );
    await stack.request(
      'POST',
      '/api/launches/chatty/items/scenario-positioning/complete',
      { note: 'Mid-market CRM' },
      { as: PAT },
    );

    const db = stack.baton.db;
    const pending = await eventually(
      () => db.notificationOutbox.findMany({ where: { launchId: 'chatty' } }),
      (rows) => rows.length === 1 && rows[0]!.attempts >= 1,
      20_000,
    );
    expect(pending[0]).toMatchObject({
      sink: 'ops-chat',
      role: 'ops_manager',
      person: OLGA.subject,
      status: 'pending',
      lastError: 'HTTP 503',
    });

    // Back up: Temporal retries the delivery activity and the message arrives once.
    webhook.statusFor.set('/ops-chat', 200);
    const [delivered] = await eventually(
      () => db.notificationOutbox.findMany({ where: { launchId: 'chatty' } }),
      (rows) => rows[0]?.status === 'delivered',
      30_000,
    );
    expect(delivered!.deliveredAt).not.toBeNull();
    const successful = webhook.requestsTo('/ops-chat');
    expect(successful.length).toBe(delivered!.attempts);
    expect(successful.at(-1)!.body).toEqual({
      text: expect.stringContaining('completed "Scenario positioning"; it counts as done once ops_manager signs off'),
    });
  });
});
