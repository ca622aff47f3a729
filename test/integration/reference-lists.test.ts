import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const SALES_EAST: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_ZH: Identity = { subject: 'zhang@east.example', roles: ['sales'], regions: ['east'] };

const INDUSTRIES = [
  { value: 'manufacturing', labels: { en: 'Manufacturing', zh: '制造业' } },
  { value: 'retail', labels: { en: 'Retail', zh: '零售' } },
];

describe.each(databaseKinds())('Admin-kept reference lists on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const pocBody = (account: string, industry: string) => ({
    account,
    region: 'east',
    industry,
    opportunity: { id: 'opp-1', amount: 120000, currency: 'CNY' },
    product: 'Baton CRM',
    salesOwner: SALES_EAST.subject,
    criteria: [{ description: 'Orders sync within 5 minutes', measuredBy: 'p95 sync latency' }],
    plannedStart: '2030-03-04',
    durationDays: 30,
  });

  it('are kept by admins only, and a start is refused a value off a list that has values', async () => {
    const fresh = await stack.request('GET', '/api/reference-lists', undefined, { as: SALES_EAST });
    expect(fresh.status).toBe(200);
    expect(fresh.body.items).toEqual([
      { list: 'regions', values: [] },
      { list: 'industries', values: [] },
      { list: 'products', values: [] },
      { list: 'lead-channels', values: [] },
    ]);
    // An empty list takes any value: a fresh install starts anything.
    expect(
      (await stack.request('POST', '/api/pocs', pocBody('Free Text Ltd', 'mining'), { as: SALES_EAST })).status,
    ).toBe(201);

    const bySales = await stack.request(
      'PUT',
      '/api/reference-lists/industries',
      { values: INDUSTRIES },
      {
        as: SALES_EAST,
      },
    );
    expect(bySales.status).toBe(403);
    const twice = await stack.request(
      'PUT',
      '/api/reference-lists/industries',
      { values: [...INDUSTRIES, INDUSTRIES[0]] },
      { as: ADMIN },
    );
    expect({ status: twice.status, errors: twice.body.errors }).toEqual({
      status: 400,
      errors: [{ path: 'values', message: '"manufacturing" is listed twice', code: 'custom' }],
    });
    const kept = await stack.request('PUT', '/api/reference-lists/industries', { values: INDUSTRIES }, { as: ADMIN });
    expect(kept.body).toEqual({ list: 'industries', values: INDUSTRIES });
    const read = await stack.request('GET', '/api/reference-lists', undefined, { as: SALES_EAST });
    expect(read.body.items[1]).toEqual({ list: 'industries', values: INDUSTRIES });

    const off = await stack.request('POST', '/api/pocs', pocBody('Mine Co', 'mining'), { as: SALES_EAST });
    expect({ status: off.status, detail: off.body.detail, errors: off.body.errors }).toEqual({
      status: 400,
      detail: 'industry: "mining" is not on the industries list the admins keep; choose one of manufacturing, retail',
      errors: [
        {
          path: 'industry',
          message:
            'industry: "mining" is not on the industries list the admins keep; choose one of manufacturing, retail',
          code: 'invalid_value',
        },
      ],
    });
    expect((await stack.request('GET', `/api/pocs/${encodeURIComponent('poc:Mine%20Co:opp-1')}`)).status).toBe(404);

    // A Chinese reader is told in Chinese, the list named in Chinese too.
    expect((await stack.request('PUT', '/api/me', { language: 'zh' }, { as: SALES_ZH })).status).toBe(200);
    const offZh = await stack.request('POST', '/api/pocs', pocBody('Mine Co', 'mining'), { as: SALES_ZH });
    expect(offZh.body.detail).toBe(
      'industry：「mining」不在管理员维护的行业清单中；请从以下选择：manufacturing、retail',
    );

    const listed = await stack.request('POST', '/api/pocs', pocBody('Listed Co', 'retail'), { as: SALES_EAST });
    expect({ status: listed.status, industry: listed.body.industry }).toEqual({ status: 201, industry: 'retail' });

    const audit = await stack.request('GET', '/api/audit?target=reference-list:industries', undefined, { as: ADMIN });
    expect(audit.body.items.map((entry: { action: string; actor: string }) => [entry.action, entry.actor])).toEqual([
      ['reference-list.replace', ADMIN.subject],
    ]);
  });
});
