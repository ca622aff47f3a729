import { readModelIsEmpty, reproject, temporalHoldsRuns } from '../../runtime/reproject';
import {
  databaseKinds,
  eventually,
  startBatonStack,
  TEST_TASK_QUEUE,
  type BatonStack,
  type Identity,
} from '../helpers/baton-harness';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

/** Every run table of the read model; their item, event and interval tables go with them. */
const READ_MODEL = [
  'launch_run',
  'launch_item',
  'launch_event',
  'poc_trial',
  'poc_stage_interval',
  'poc_event',
  // The dashboard's rollups, which the projection keeps beside the trials.
  'poc_trial_month',
  'poc_trial_day',
  'poc_trial_open',
  'poc_visit_month',
  'poc_visit_day',
];

/**
 * The read model is a projection of what Temporal holds: when it is lost (a data folder emptied, a
 * database restored from an old backup), `reproject` rebuilds it from the runs themselves.
 */
describe.each(databaseKinds())('rebuilding the read model from Temporal on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // updatedAt says when the row was written, which a rebuild does anew; everything else must be as it was.
  const read = async (path: string) =>
    JSON.parse(
      JSON.stringify((await stack.request('GET', path, undefined, { as: OPS })).body, (key, value: unknown) =>
        key === 'updatedAt' ? undefined : value,
      ),
    );
  const lists = async () => ({
    launches: await read('/api/launches'),
    pocs: await read('/api/pocs'),
    tasks: await read('/api/tasks?role=product_manager'),
    timeline: await read('/api/launches/rebuilt/timeline'),
  });

  it('lists what they listed before, and a second run changes nothing', async () => {
    for (const launchId of ['rebuilt', 'cancelled']) {
      const started = await stack.request(
        'POST',
        '/api/launches',
        { launchId, productName: `P ${launchId}`, launchDate: '2030-06-01' },
        { as: OPS },
      );
      expect(started.status).toBe(201);
    }
    const done = await stack.request(
      'POST',
      '/api/launches/rebuilt/items/demand-research/complete',
      { link: 'https://wiki.example/r' },
      { as: OPS },
    );
    expect(done.status).toBe(200);
    expect(
      (await stack.request('POST', '/api/launches/cancelled/cancel', { reason: 'dropped' }, { as: OPS })).status,
    ).toBe(200);
    const trial = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Acme Motors',
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-1', amount: 120000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        supporters: { presales: ['priya@east.example'] },
        criteria: [{ key: 'sync', description: 'Orders sync within 5 minutes', measuredBy: 'p95 sync latency' }],
        plannedStart: '2030-03-04',
        durationDays: 30,
      },
      { as: SALES },
    );
    expect(trial.status).toBe(201);

    const before = await eventually(lists, (seen) => {
      const launches = seen.launches.items as { id: string; status: string; itemsDone: number }[];
      return (
        launches.length === 2 &&
        launches.some((run) => run.status === 'cancelled') &&
        launches.some((run) => run.itemsDone === 1) &&
        seen.pocs.items.length === 1
      );
    });

    const db = stack.baton.db;
    await db.$executeRawUnsafe(`TRUNCATE ${READ_MODEL.join(', ')}`);
    expect(await readModelIsEmpty(db)).toBe(true);
    expect(await temporalHoldsRuns(stack.temporal.client, TEST_TASK_QUEUE)).toBe(true);
    expect((await stack.request('GET', '/api/launches', undefined, { as: OPS })).body.items).toEqual([]);

    const report = await reproject(stack.temporal.client, db, TEST_TASK_QUEUE);
    expect(report).toEqual({
      projected: { launchReadiness: 2, pocTrial: 1, dealSupport: 0, deliveryHandoff: 0, renewalFollowUp: 0 },
      skipped: [],
    });
    expect(await lists()).toEqual(before);

    await reproject(stack.temporal.client, db, TEST_TASK_QUEUE);
    expect(await lists()).toEqual(before);
    expect(await readModelIsEmpty(db)).toBe(false);
  });
});
