import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { pocRequestBody } from '../helpers/poc-fixtures';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const REGIONAL_OPS: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };

/**
 * The API process can die after Temporal ran an action's Update but before the Idempotency-Key's
 * record was finished. The record then stays pending with nobody to finish it; a retry with the same
 * key must recover the action's outcome once the dead process's lease ran out, without applying the
 * action a second time (and without answering 409 "Request in progress" until the record is purged).
 */
describe.each(databaseKinds())('an Idempotency-Key left pending by a dead API process, on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const complete = (
    launchId: string,
    item: string,
    key: string,
    evidence: object = { link: 'https://wiki.example/r' },
  ) =>
    stack.request('POST', `/api/launches/${launchId}/items/${item}/complete`, evidence, {
      as: OPS,
      headers: { 'Idempotency-Key': key },
    });

  /** What the dead process left: the claim still pending, its response never stored, its lease run out. */
  const dieBeforeFinishing = (key: string, who: Identity = OPS) =>
    stack.baton.db.$executeRaw`
      UPDATE idempotency_record
         SET state = 'pending', response_status = NULL, response_body = NULL, response_headers = NULL,
             owner = 'a-killed-api-process', lease_until = now() - interval '1 second'
       WHERE principal = ${who.subject} AND key = ${key}`;

  const acceptedUpdates = async (id: string) =>
    (
      await stack.temporal.client.workflow.getHandle(id.includes(':') ? id : `launch:${id}`).fetchHistory()
    ).events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes).length;

  it('answers the retry once the lease ran out, with the action applied once, and stores that answer', async () => {
    const started = await stack.request(
      'POST',
      '/api/launches',
      { launchId: 'lease', productName: 'Lease', launchDate: '2030-06-01' },
      { as: OPS },
    );
    expect(started.status).toBe(201);

    const first = await complete('lease', 'demand-research', 'complete-research-once');
    expect(first.status).toBe(200);
    expect(await dieBeforeFinishing('complete-research-once')).toBe(1);
    // The run moves on meanwhile, so the retry's answer shows whose outcome it is.
    expect(
      (await complete('lease', 'scenario-positioning', 'complete-positioning-once', { note: 'Two scenarios' })).status,
    ).toBe(200);

    const retry = await complete('lease', 'demand-research', 'complete-research-once');
    // Launch runs answer an action with a receipt, not their state (patch lean-launch-small-payloads): Temporal
    // recovers the first Update's version, and the answer is the run's state now, which holds that action
    // (applied once) and the one that came after it.
    type RunState = { seq: number; items: { key: string; status: string; awaitingSignOff: boolean }[] };
    const [firstState, retried] = [first.body as RunState, retry.body as RunState];
    expect(retry.status).toBe(200);
    expect(retried.seq).toBeGreaterThan(firstState.seq);
    expect(retry.headers.get('etag')).toBe(`"${retried.seq}"`);
    expect(retried.items.find((item) => item.key === 'demand-research')?.status).toBe('done');
    expect(retried.items.find((item) => item.key === 'scenario-positioning')?.awaitingSignOff).toBe(true);
    expect(await acceptedUpdates('lease')).toBe(2);

    // The recovered outcome is stored: a further retry is a plain replay of it.
    const replay = await complete('lease', 'demand-research', 'complete-research-once');
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(retry.body);
  });

  it("answers a POC trial's retry the same way (lean-poc-small-payloads): its state now, the action applied once", async () => {
    const started = await stack.request('POST', '/api/pocs', pocRequestBody('Lease Co', SALES.subject), { as: SALES });
    expect(started.status).toBe(201);
    const trialId: string = started.body.trialId;
    const act = (suffix: string, body: unknown, as: Identity, key: string) =>
      stack.request('POST', `/api/pocs/${encodeURIComponent(trialId)}/${suffix}`, body, {
        as,
        headers: { 'Idempotency-Key': key },
      });

    const first = await act('approve', { note: 'go' }, REGIONAL_OPS, 'approve-once');
    expect(first.status).toBe(200);
    expect(await dieBeforeFinishing('approve-once', REGIONAL_OPS)).toBe(1);
    const contacts = { contacts: [{ name: 'Li Wei', email: 'li.wei@lease.example', language: 'zh' }] };
    expect((await act('customer-contacts', contacts, SALES, 'contacts-once')).status).toBe(200);

    const retry = await act('approve', { note: 'go' }, REGIONAL_OPS, 'approve-once');
    expect(retry.status).toBe(200);
    expect(retry.body.seq).toBeGreaterThan(first.body.seq);
    expect(retry.headers.get('etag')).toBe(`"${retry.body.seq}"`);
    expect(retry.body.approval).toMatchObject({ decidedBy: REGIONAL_OPS.subject });
    expect(retry.body.customerContacts).toEqual([expect.objectContaining({ email: 'li.wei@lease.example' })]);
    expect(await acceptedUpdates(trialId)).toBe(2);
  });
});
