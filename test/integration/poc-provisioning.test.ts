import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { startWebhook } from '../helpers/fake-webhook';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const OPS: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };

describe.each(databaseKinds())('POC environments ordered from a provisioning webhook, on %s', (kind) => {
  let stack: BatonStack;
  let provisioner: Awaited<ReturnType<typeof startWebhook>>;

  beforeAll(async () => {
    provisioner = await startWebhook();
    stack = await startBatonStack(kind, {
      pocProvisioning: { webhookUrl: `${provisioner.base}/provision` },
      api: { pocAutoApproveBelowAmount: 10_000 },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await provisioner?.close();
  });

  it('auto-approves a small trial and orders its environment once, with an idempotency key', async () => {
    const requested = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Tiny Shop',
        region: 'east',
        industry: 'retail',
        opportunity: { id: 'opp-9', amount: 5000 },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        criteria: [{ description: 'Imports last year of orders', measuredBy: 'row count matches the ERP' }],
        plannedStart: '2030-03-04',
        durationDays: 14,
      },
      { as: SALES },
    );
    expect(requested.status).toBe(201);
    const trialId: string = requested.body.trialId;
    expect(requested.body.approval).toMatchObject({ auto: true });
    const ready = await eventually(
      () => stack.request('GET', `/api/pocs/${encodeURIComponent(trialId)}`, undefined, { as: OPS }),
      (response) => response.body.stage === 'ready',
      30_000,
    );
    expect(ready.body.provisioning.environment).toMatchObject({ manual: false });
    const calls = provisioner.requestsTo('/provision');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({
      trialId,
      account: 'Tiny Shop',
      region: 'east',
      idempotencyKey: expect.any(String),
    });
  });
});
