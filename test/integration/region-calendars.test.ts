import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east', 'west', 'north'] };
const ADMIN: Identity = { subject: 'root', roles: ['admin'] };
/** Signs in first with a Chinese browser, so problem details come in Chinese. */
const OPS_ZH: Identity = { subject: 'wang.fang@hq.example', roles: ['ops_manager'] };

/**
 * Regions' default calendars (issue 20): a start that names no calendar pins its region's, an explicit
 * one still wins, and the mapping is set by ops managers with every change audited.
 */
describe.each(databaseKinds())('region default calendars over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const deal = (account: string, region: string, extra: Record<string, unknown> = {}) =>
    stack.request(
      'POST',
      '/api/deals',
      {
        account,
        region,
        opportunity: { id: 'opp-1', amount: 100_000, currency: 'CNY' },
        dealStage: 'negotiation',
        supportTypes: ['competitive-brief'],
        dueDate: '2030-03-15',
        salesOwner: SALES.subject,
        ...extra,
      },
      { as: SALES },
    );
  const launch = (launchId: string, regions: string[], extra: Record<string, unknown> = {}) =>
    stack.request('POST', '/api/launches', {
      launchId,
      productName: launchId,
      launchDate: '2030-01-01',
      regions,
      ...extra,
    });
  const setDefault = (region: string, calendar: string, as: Identity = OPS) =>
    stack.request('PUT', `/api/region-calendars/${region}`, { calendar }, { as });

  it('pins the region default when the start names none, and an explicit calendar still wins', async () => {
    // Nothing mapped yet: Mon-Fri, as every start before.
    expect((await deal('Before Map', 'east')).body.calendar).toBe('mon-fri');

    const set = await setDefault('east', 'cn-mainland');
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ region: 'east', calendar: 'cn-mainland', updatedBy: OPS.subject });
    expect((await setDefault('east', 'cn-mainland')).status).toBe(200);

    const mapped = await deal('Mapped Bank', 'east');
    expect(mapped.status).toBe(201);
    expect(mapped.body.calendar).toBe('cn-mainland');
    const explicit = await deal('Explicit Bank', 'east', { calendar: 'mon-fri' });
    expect(explicit.body.calendar).toBe('mon-fri');
    expect((await deal('Elsewhere Bank', 'north')).body.calendar).toBe('mon-fri');

    // A launch takes the calendar its regions agree on.
    const eastLaunch = await launch('east-only', ['east', 'north']);
    expect(eastLaunch.status).toBe(201);
    expect(eastLaunch.body.calendar).toBe('cn-mainland');

    // The list reads the read model, which the runs' first projections fill.
    const cases = await eventually(
      () => stack.request('GET', '/api/calendars/cn-mainland/cases', undefined, { as: OPS }),
      (answer) => answer.body.items.length >= 2,
    );
    expect(cases.body.items).toEqual(
      expect.arrayContaining([
        { playbook: 'deal', id: mapped.body.dealId, name: 'Mapped Bank', regions: ['east'] },
        { playbook: 'launch', id: 'east-only', name: 'east-only', regions: ['east', 'north'] },
      ]),
    );
    expect(cases.body.items.map((item: { id: string }) => item.id)).not.toContain(explicit.body.dealId);
    const usage = await stack.request('GET', '/api/calendars/cn-mainland/usage', undefined, { as: OPS });
    expect(usage.body.playbooks).toEqual([
      { playbook: 'launch', open: 1, total: 1 },
      { playbook: 'poc', open: 0, total: 0 },
      { playbook: 'deal', open: 1, total: 1 },
      { playbook: 'handoff', open: 0, total: 0 },
      { playbook: 'renewal', open: 0, total: 0 },
    ]);

    // A later change reaches later starts only: the case started above keeps its pinned calendar.
    const removed = await stack.request('DELETE', '/api/region-calendars/east', undefined, { as: OPS });
    expect(removed.status).toBe(204);
    expect((await deal('After Remove', 'east')).body.calendar).toBe('mon-fri');
    const kept = await stack.request('GET', `/api/deals/${encodeURIComponent(mapped.body.dealId)}`, undefined, {
      as: SALES,
    });
    expect(kept.body.calendar).toBe('cn-mainland');

    const audit = await stack.request('GET', '/api/audit?target=region-calendar%3Aeast', undefined, { as: ADMIN });
    expect(
      audit.body.items.map((entry: { action: string; actor: string; before: unknown; after: unknown }) => [
        entry.action,
        entry.actor,
        entry.before,
        entry.after,
      ]),
    ).toEqual([
      ['region-calendar.remove', OPS.subject, 'cn-mainland', null],
      ['region-calendar.set', OPS.subject, 'cn-mainland', 'cn-mainland'],
      ['region-calendar.set', OPS.subject, null, 'cn-mainland'],
    ]);
  });

  it('refuses a launch whose regions map to different calendars unless it names one', async () => {
    expect((await setDefault('west', 'cn-mainland')).status).toBe(201);
    expect((await setDefault('north', 'mon-fri')).status).toBe(201);
    const split = await launch('split-regions', ['west', 'north']);
    expect(split.status).toBe(422);
    expect(split.contentType).toContain('application/problem+json');
    expect(split.body.errors).toEqual([
      {
        path: 'calendar',
        message:
          'The regions map to different calendars (west: cn-mainland, north: mon-fri); name the calendar this case counts on',
        code: 'invalid_value',
      },
    ]);
    const zh = await stack.request(
      'POST',
      '/api/launches',
      { launchId: 'split-regions', productName: 'x', launchDate: '2030-01-01', regions: ['west', 'north'] },
      { as: OPS_ZH, headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } },
    );
    expect(zh.body.detail).toBe('这些区域对应不同的日历（west: cn-mainland、north: mon-fri）；请指定本案例使用的日历');
    const named = await launch('split-regions', ['west', 'north'], { calendar: 'mon-fri' });
    expect(named.status).toBe(201);
    expect(named.body.calendar).toBe('mon-fri');
  });

  it('answers bad mappings and starts with problem+json naming the field, and lets only ops managers and admins map', async () => {
    const unknown = await setDefault('east', 'no-such-calendar');
    expect(unknown.status).toBe(422);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(unknown.body.errors).toEqual([
      {
        path: 'calendar',
        message: 'No calendar no-such-calendar; choose one of the calendars on the board',
        code: 'invalid_value',
      },
    ]);
    const badRegion = await setDefault('East!', 'mon-fri');
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.errors.map((error: { path: string }) => error.path)).toEqual(['region']);
    const noCalendar = await stack.request('PUT', '/api/region-calendars/east', {}, { as: OPS });
    expect(noCalendar.status).toBe(400);
    expect(noCalendar.body.errors.map((error: { path: string }) => error.path)).toEqual(['calendar']);
    expect((await setDefault('east', 'mon-fri', SALES)).status).toBe(403);
    expect((await stack.request('DELETE', '/api/region-calendars/nowhere', undefined, { as: OPS })).status).toBe(404);

    const unknownAtStart = await deal('Unknown Calendar', 'east', { calendar: 'no-such-calendar' });
    expect(unknownAtStart.status).toBe(422);
    expect(unknownAtStart.body.errors[0].path).toBe('calendar');

    // Everyone reads the mapping (the start forms say which calendar applies).
    const list = await stack.request('GET', '/api/region-calendars', undefined, { as: SALES });
    expect(list.body.items).toEqual([
      { region: 'north', calendar: 'mon-fri', updatedBy: OPS.subject, updatedAt: expect.any(String) },
      { region: 'west', calendar: 'cn-mainland', updatedBy: OPS.subject, updatedAt: expect.any(String) },
    ]);
  });
});
