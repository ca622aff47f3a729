import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const ADMIN: Identity = { subject: 'root', roles: ['admin'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

/**
 * Versioned mappings (issue 20): every change of a region's default calendar and of a customer tier's
 * renewal template is kept as the next version of that region's or tier's mapping, with what it was
 * before and after, who changed it, when and why; everyone who reads the mapping reads its history.
 */
describe.each(databaseKinds())('versioned mappings over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("keeps each region's calendar changes as versions, with who and why", async () => {
    const put = (region: string, calendar: string, as: Identity, reason?: string) =>
      stack.request('PUT', `/api/region-calendars/${region}`, { calendar, ...(reason ? { reason } : {}) }, { as });
    expect((await put('east', 'cn-mainland', OPS, 'east follows the mainland holidays')).status).toBe(201);
    expect((await put('west', 'cn-mainland', OPS)).status).toBe(201);
    expect((await put('east', 'mon-fri', ADMIN, 'the east office works through 调休')).status).toBe(200);
    const removed = await stack.request(
      'DELETE',
      `/api/region-calendars/east?reason=${encodeURIComponent('back to the fallback')}`,
      undefined,
      { as: OPS },
    );
    expect(removed.status).toBe(204);

    const history = await stack.request('GET', '/api/region-calendars/history', undefined, { as: SALES });
    expect(history.status).toBe(200);
    expect(history.body.items).toMatchObject([
      {
        subject: 'east',
        version: 3,
        before: 'mon-fri',
        after: null,
        reason: 'back to the fallback',
        changedBy: OPS.subject,
      },
      {
        subject: 'east',
        version: 2,
        before: 'cn-mainland',
        after: 'mon-fri',
        reason: 'the east office works through 调休',
        changedBy: ADMIN.subject,
      },
      { subject: 'west', version: 1, before: null, after: 'cn-mainland', reason: null, changedBy: OPS.subject },
      {
        subject: 'east',
        version: 1,
        before: null,
        after: 'cn-mainland',
        reason: 'east follows the mainland holidays',
        changedBy: OPS.subject,
      },
    ]);
    const west = await stack.request('GET', '/api/region-calendars/history?subject=west', undefined, { as: SALES });
    expect(west.body.items.map((item: { subject: string }) => item.subject)).toEqual(['west']);
    // A refused change leaves no version behind.
    expect((await put('east', 'no-such-calendar', OPS, 'typo')).status).toBe(422);
    expect((await put('east', 'mon-fri', SALES, 'not mine to change')).status).toBe(403);
    const after = await stack.request('GET', '/api/region-calendars/history?subject=east', undefined, { as: SALES });
    expect(after.body.items).toHaveLength(3);
  });

  it("keeps each tier's renewal template changes as versions", async () => {
    const put = (tier: string, templateKey: string, reason?: string) =>
      stack.request(
        'PUT',
        `/api/renewal-tier-templates/${tier}`,
        { templateKey, ...(reason ? { reason } : {}) },
        { as: OPS },
      );
    expect((await put('strategic', 'renewal', 'strategic customers on the default for now')).status).toBe(201);
    expect((await put('strategic', 'deal-support', 'wrong kind')).status).toBe(422);
    expect((await put('strategic', 'renewal')).status).toBe(200);
    expect(
      (await stack.request('DELETE', '/api/renewal-tier-templates/strategic', undefined, { as: OPS })).status,
    ).toBe(204);
    const history = await stack.request('GET', '/api/renewal-tier-templates/history', undefined, { as: SALES });
    expect(history.body.items).toMatchObject([
      { subject: 'strategic', version: 3, before: 'renewal', after: null, reason: null },
      { subject: 'strategic', version: 2, before: 'renewal', after: 'renewal', reason: null },
      {
        subject: 'strategic',
        version: 1,
        before: null,
        after: 'renewal',
        reason: 'strategic customers on the default for now',
        changedBy: OPS.subject,
      },
    ]);
  });

  it('takes changes of one mapping made at the same moment one after the other, each its own version', async () => {
    const put = (calendar: string) =>
      stack.request('PUT', '/api/region-calendars/north', { calendar, reason: `to ${calendar}` }, { as: OPS });
    const answers = await Promise.all(['cn-mainland', 'mon-fri', 'cn-mainland', 'mon-fri'].map(put));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
    const history = await stack.request('GET', '/api/region-calendars/history?subject=north', undefined, { as: OPS });
    const versions = history.body.items as { version: number; before: string | null; after: string }[];
    expect(versions.map((change) => change.version)).toEqual([4, 3, 2, 1]);
    // Each change starts from what the one before it left.
    for (const [index, change] of versions.entries())
      expect(change.before).toBe(index === versions.length - 1 ? null : versions[index + 1]!.after);

    // A reader with no person record reads the refusal in their request's language.
    const gone = await stack.request('DELETE', '/api/region-calendars/nowhere', undefined, {
      as: { subject: 'wang@hq.example', roles: ['ops_manager'] },
      headers: { 'accept-language': 'zh' },
    });
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toBe('区域 nowhere 没有默认日历');
  });
});
