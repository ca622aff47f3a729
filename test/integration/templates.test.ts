import { LAUNCH_READINESS_TEMPLATE } from '../../domain/launch/shipped-template';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

function variant(title: string) {
  return {
    ...LAUNCH_READINESS_TEMPLATE,
    items: LAUNCH_READINESS_TEMPLATE.items.map((item) => (item.key === 'case-studies' ? { ...item, title } : item)),
  };
}

describe.each(databaseKinds())('playbook templates over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const createVersion = (body: unknown, as: Identity = OPS, headers: Record<string, string> = {}) =>
    stack.request('POST', '/api/templates/launch-readiness/versions', body, { as, headers });

  it('ships the launch-readiness template as version 1, readable by every role', async () => {
    const list = await stack.request('GET', '/api/templates', undefined, { as: SALES });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ key: 'launch-readiness', playbook: 'launch-readiness' }),
    );
    const v1 = await stack.request('GET', '/api/templates/launch-readiness/versions/1', undefined, { as: SALES });
    expect(v1.body).toMatchObject({ key: 'launch-readiness', version: 1, createdBy: 'baton' });
    expect(v1.body.definition.items).toHaveLength(18);
    expect(v1.body.definition.gates[0].key).toBe('go-no-go');
  });

  it('creates new versions and never changes old ones', async () => {
    const created = await createVersion(variant('Case studies with numbers'));
    expect(created.status).toBe(201);
    const version: number = created.body.version;
    expect(version).toBeGreaterThanOrEqual(2);
    expect(created.headers.get('location')).toBe(`/api/templates/launch-readiness/versions/${version}`);
    expect(created.body.createdBy).toBe(OPS.subject);

    const latest = await stack.request('GET', '/api/templates/launch-readiness');
    expect(latest.body.version).toBe(version);
    const v1 = await stack.request('GET', '/api/templates/launch-readiness/versions/1');
    expect(v1.body.definition.items.find((item: { key: string }) => item.key === 'case-studies').title).toBe(
      'Case studies',
    );
  });

  it('gives concurrent creators distinct versions', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => createVersion(variant(`Concurrent ${n}`))));
    expect(results.map((result) => result.status)).toEqual([201, 201, 201, 201, 201]);
    const versions = results.map((result) => result.body.version as number);
    expect(new Set(versions).size).toBe(5);
  });

  it('replays a create under the same Idempotency-Key instead of adding a version', async () => {
    const headers = { 'Idempotency-Key': 'template-create-1' };
    const first = await createVersion(variant('Idempotent'), OPS, headers);
    const again = await createVersion(variant('Idempotent'), OPS, headers);
    expect(again.body.version).toBe(first.body.version);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it.each([
    [
      'an unknown dependency',
      {
        items: [
          { key: 'a', title: 'A', phase: 'early', ownerRole: 'ops_manager', dependsOn: ['ghost'], due: { days: -1 } },
        ],
      },
      'item "a" depends on unknown item "ghost"',
    ],
    [
      'a dependency cycle',
      {
        items: [
          { key: 'a', title: 'A', phase: 'early', ownerRole: 'ops_manager', dependsOn: ['b'], due: { days: -2 } },
          { key: 'b', title: 'B', phase: 'early', ownerRole: 'ops_manager', dependsOn: ['a'], due: { days: -1 } },
        ],
      },
      'dependency cycle: a -> b -> a',
    ],
    [
      'a gate naming a missing item',
      { gates: [{ key: 'go', title: 'Go', due: { days: -1 }, requiredItems: ['nope'] }] },
      'gate "go" needs unknown item "nope"',
    ],
  ])('refuses %s with the culprit named, and creates nothing', async (_what, change, message) => {
    const before = (await stack.request('GET', '/api/templates/launch-readiness')).body.version;
    const base = { ...LAUNCH_READINESS_TEMPLATE, gates: [] as unknown[] };
    const refused = await createVersion({ ...base, ...change });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((issue: { message: string }) => issue.message)).toContain(message);
    expect((await stack.request('GET', '/api/templates/launch-readiness')).body.version).toBe(before);

    const dryRun = await stack.request('POST', '/api/templates/validate', { ...base, ...change });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.valid).toBe(false);
    expect(dryRun.body.errors.map((issue: { message: string }) => issue.message)).toContain(message);
  });

  it('validates without saving', async () => {
    const before = (await stack.request('GET', '/api/templates/launch-readiness')).body.version;
    const dryRun = await stack.request('POST', '/api/templates/validate', LAUNCH_READINESS_TEMPLATE);
    expect(dryRun.body).toEqual({ valid: true, errors: [], summary: { phases: 2, items: 18, gates: 1 } });
    expect((await stack.request('GET', '/api/templates/launch-readiness')).body.version).toBe(before);
  });

  it('previews a schedule for a launch date on a calendar, and the earliest possible launch, changing nothing', async () => {
    const before = (await stack.request('GET', '/api/templates/launch-readiness')).body.version;
    const preview = await stack.request(
      'POST',
      '/api/templates/launch-readiness/schedule-preview',
      { launchDate: '2026-11-30', calendar: 'cn-mainland', version: 1, done: ['demand-research'], today: '2026-10-20' },
      { as: SALES },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.template).toEqual({ key: 'launch-readiness', version: 1 });
    const byKey = Object.fromEntries(preview.body.items.map((item: { key: string }) => [item.key, item]));
    expect(byKey['scenario-positioning']).toMatchObject({ date: '2026-10-05', overdue: true, done: false });
    expect(byKey['demand-research']).toMatchObject({ done: true, overdue: false });
    expect(preview.body.gates[0]).toMatchObject({ key: 'go-no-go', date: '2026-11-27' });
    expect(preview.body.earliestLaunchDate).toEqual({ date: '2026-12-15', decidingItem: 'scenario-positioning' });
    expect((await stack.request('GET', '/api/templates/launch-readiness')).body.version).toBe(before);

    const unknownItem = await stack.request('POST', '/api/templates/launch-readiness/schedule-preview', {
      launchDate: '2026-11-30',
      done: ['nope'],
    });
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body.errors[0]).toMatchObject({ path: 'done.0', message: 'no item "nope" in launch-readiness' });
    expect(
      (
        await stack.request('POST', '/api/templates/launch-readiness/schedule-preview', {
          launchDate: '2026-11-30',
          calendar: 'atlantis',
        })
      ).status,
    ).toBe(404);
    expect(
      (await stack.request('POST', '/api/templates/launch-readiness/schedule-preview', { launchDate: '0001-01-01' }))
        .status,
    ).toBe(400);
  });

  it('refuses a body for another template, unknown templates and versions, and non-managers', async () => {
    const mismatch = await createVersion({ ...LAUNCH_READINESS_TEMPLATE, key: 'something-else' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].path).toBe('key');
    expect((await stack.request('GET', '/api/templates/no-such-template')).status).toBe(404);
    expect((await stack.request('GET', '/api/templates/launch-readiness/versions/999')).status).toBe(404);
    expect((await createVersion(LAUNCH_READINESS_TEMPLATE, SALES)).status).toBe(403);
    expect((await stack.request('POST', '/api/templates/validate', {}, { as: SALES })).status).toBe(403);
  });
});
