import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

describe.each(databaseKinds())('business calendars over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const businessDays = (key: string, from: string, days: number, as: Identity = SALES) =>
    stack.request('GET', `/api/calendars/${key}/business-days?from=${from}&days=${days}`, undefined, { as });

  it('ships Mon-Fri and mainland China 2026, readable by every role', async () => {
    const list = await stack.request('GET', '/api/calendars', undefined, { as: SALES });
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        { key: 'cn-mainland', name: expect.any(String), coveredYears: [2026] },
        { key: 'mon-fri', name: expect.any(String), coveredYears: [] },
      ]),
    );
    const cn = await stack.request('GET', '/api/calendars/cn-mainland', undefined, { as: SALES });
    expect(cn.body.definition.workdays).toContainEqual({ date: '2026-02-28', name: '春节调休上班' });
  });

  it('counts business days over the Spring Festival, backwards over National Day, and flags unknown years', async () => {
    expect((await businessDays('cn-mainland', '2026-02-13', 2)).body).toEqual({
      from: '2026-02-13',
      days: 2,
      date: '2026-02-24',
      approximate: false,
    });
    expect((await businessDays('mon-fri', '2026-02-13', 2)).body.date).toBe('2026-02-17');
    expect((await businessDays('cn-mainland', '2026-10-12', -3)).body.date).toBe('2026-10-08');
    expect((await businessDays('cn-mainland', '2026-12-30', 5)).body.approximate).toBe(true);
  });

  it('lets ops managers add their own calendar and replace it, which changes the count', async () => {
    const acme = {
      key: 'acme-shanghai',
      name: 'Acme Shanghai office',
      coveredYears: [2026],
      holidays: [{ date: '2026-03-02', name: 'Company day' }],
    };
    const created = await stack.request('PUT', '/api/calendars/acme-shanghai', acme, { as: OPS });
    expect(created.status).toBe(201);
    expect((await businessDays('acme-shanghai', '2026-02-27', 1)).body.date).toBe('2026-03-03');

    const replaced = await stack.request('PUT', '/api/calendars/acme-shanghai', { ...acme, holidays: [] }, { as: OPS });
    expect(replaced.status).toBe(200);
    expect((await businessDays('acme-shanghai', '2026-02-27', 1)).body.date).toBe('2026-03-02');

    const audit = await stack.request('GET', '/api/audit?target=calendar%3Aacme-shanghai', undefined, {
      as: { subject: 'root', roles: ['admin'] },
    });
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'calendar.replace',
      'calendar.create',
    ]);
  });

  it('refuses bad calendars with the culprit named, other roles, and unknown calendars', async () => {
    const notWeekend = await stack.request(
      'PUT',
      '/api/calendars/bad',
      { key: 'bad', name: 'Bad', workdays: [{ date: '2026-03-03', name: 'Tue' }] },
      { as: OPS },
    );
    expect(notWeekend.status).toBe(400);
    expect(notWeekend.body.errors[0]).toMatchObject({
      path: 'workdays.0.date',
      message: '2026-03-03 is not a weekend day, so listing it as a working day changes nothing',
    });
    expect((await stack.request('GET', '/api/calendars/bad')).status).toBe(404);
    expect(
      (await stack.request('PUT', '/api/calendars/other', { key: 'mismatch', name: 'M' }, { as: OPS })).status,
    ).toBe(400);
    expect(
      (await stack.request('PUT', '/api/calendars/mine', { key: 'mine', name: 'Mine' }, { as: SALES })).status,
    ).toBe(403);
    expect((await businessDays('no-such-calendar', '2026-01-01', 1)).status).toBe(404);
    expect((await businessDays('mon-fri', '2026-02-30', 1)).status).toBe(400);
    // Found by schemathesis: far-past counts produced a negative-year "date".
    expect((await businessDays('mon-fri', '0006-03-07', -3650)).status).toBe(400);
    expect((await businessDays('mon-fri', '1970-01-01', -3650)).body.date).toMatch(/^19\d\d-\d\d-\d\d$/);
  });
});
