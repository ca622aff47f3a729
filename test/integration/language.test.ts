import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

/**
 * Problem details in the caller's language: the person record's when they have one (set by them,
 * or from the Accept-Language of their first sign-in), else the request's Accept-Language, else
 * English. Type, title and status never change; Content-Language names the language sent.
 */

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const SALES: Identity = { subject: 'li.lei@east.example', roles: ['sales'], regions: ['east'] };
const OPS_ZH: Identity = { subject: 'wang.fang@east.example', roles: ['regional_ops'], regions: ['east'] };
const OPS_EN: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const ZH = { 'Accept-Language': 'zh-CN,zh;q=0.9' };
const EN = { 'Accept-Language': 'en-GB,en;q=0.9' };

const WRONG_STAGE_EN = (trialId: string) =>
  `The POC for ${decodeURIComponent(trialId.split(':')[1]!)} (opportunity opp-9) is requested; kickoff needs it ready`;
const WRONG_STAGE_ZH = (trialId: string) =>
  `${decodeURIComponent(trialId.split(':')[1]!)} 的 POC 试用（商机 opp-9）当前处于 requested 阶段；kickoff 操作需要处于 ready 阶段`;

describe.each(databaseKinds())("problem details in the caller's language on a real Temporal server and %s", (kind) => {
  let stack: BatonStack;
  let trialId: string;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
    const requested = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Hua Tong',
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-9', amount: 90000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        criteria: [{ key: 'sync', description: 'Orders sync', measuredBy: 'p95 latency' }],
        plannedStart: '2030-03-04',
        durationDays: 30,
      },
      { as: SALES, headers: EN },
    );
    expect(requested.status).toBe(201);
    trialId = requested.body.trialId;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const kickoff = (as: Identity | string, headers: Record<string, string> = {}) =>
    stack.request('POST', `/api/pocs/${encodeURIComponent(trialId)}/kickoff`, {}, { as, headers });

  it("words a refusal in the person record's language, whatever the request asks for", async () => {
    // Signed in first with an English board: an English record, until the person chooses Chinese.
    const before = await kickoff(OPS_ZH, EN);
    expect(before.status).toBe(409);
    expect(before.body.detail).toBe(WRONG_STAGE_EN(trialId));
    expect(before.headers.get('content-language')).toBe('en');

    expect((await stack.request('PUT', '/api/me', { language: 'zh' }, { as: OPS_ZH })).status).toBe(200);
    const refused = await kickoff(OPS_ZH, EN);
    expect({
      status: refused.status,
      type: refused.body.type,
      title: refused.body.title,
      detail: refused.body.detail,
      language: refused.headers.get('content-language'),
    }).toEqual({
      status: 409,
      type: 'urn:baton:problem:action-not-allowed-in-the-current-state',
      title: 'Action not allowed in the current state',
      detail: WRONG_STAGE_ZH(trialId),
      language: 'zh',
    });

    // Validation and authorization refusals too.
    const invalid = await stack.request(
      'POST',
      `/api/pocs/${encodeURIComponent(trialId)}/reject`,
      {},
      { as: OPS_ZH, headers: EN },
    );
    expect({ status: invalid.status, title: invalid.body.title, detail: invalid.body.detail }).toEqual({
      status: 400,
      title: 'Invalid request',
      detail: '请求内容不符合接口要求的格式',
    });
    const forbidden = await stack.request('GET', '/api/tokens', undefined, { as: OPS_ZH });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toBe('您的角色（regional_ops）无权执行此操作：list api tokens');
  });

  it("takes a new person's language from the Accept-Language of their first sign-in", async () => {
    const first = await kickoff({ ...OPS_EN, subject: 'zhao.min@east.example' }, ZH);
    expect(first.status).toBe(409);
    expect(first.body.detail).toBe(WRONG_STAGE_ZH(trialId));
    const me = await stack.request('GET', '/api/me', undefined, {
      as: { ...OPS_EN, subject: 'zhao.min@east.example' },
    });
    expect(me.body.language).toBe('zh');
  });

  it('follows Accept-Language for a caller without a person record, and answers in English without it', async () => {
    const created = await stack.request(
      'POST',
      '/api/tokens',
      { name: 'crm sync', subject: 'crm-sync', roles: ['regional_ops'], regions: ['east'] },
      { as: ADMIN },
    );
    expect(created.status).toBe(201);
    const token: string = created.body.token;

    const chinese = await kickoff(token, ZH);
    expect({
      status: chinese.status,
      detail: chinese.body.detail,
      language: chinese.headers.get('content-language'),
    }).toEqual({
      status: 409,
      detail: WRONG_STAGE_ZH(trialId),
      language: 'zh',
    });
    const english = await kickoff(token);
    expect({
      status: english.status,
      detail: english.body.detail,
      language: english.headers.get('content-language'),
    }).toEqual({
      status: 409,
      detail: WRONG_STAGE_EN(trialId),
      language: 'en',
    });

    const anonymous = await stack.request('GET', '/api/pocs', undefined, { as: null, headers: ZH });
    expect({ status: anonymous.status, detail: anonymous.body.detail }).toEqual({
      status: 401,
      detail: '请发送 Authorization: Bearer <令牌> 请求头',
    });
  });

  it("tells a Chinese reader what happened in Chinese in their notice, worded from the event's text", async () => {
    const second = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Hua Tong',
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-10', amount: 50000, currency: 'CNY' },
        product: 'Baton BI',
        salesOwner: SALES.subject,
        criteria: [{ key: 'sync', description: 'Orders sync', measuredBy: 'p95 latency' }],
        plannedStart: '2030-04-01',
        durationDays: 14,
      },
      { as: SALES },
    );
    expect(second.status).toBe(201);
    // Regional ops in the region hear of the request; Wang reads Chinese (their record says so).
    const inbox = await eventually(
      () => stack.request('GET', '/api/inbox', undefined, { as: OPS_ZH }),
      (response) => (response.body.items ?? []).some((notice: { text: string }) => notice.text.includes('Baton BI')),
      30_000,
    );
    const notice = inbox.body.items.find((each: { text: string }) => each.text.includes('Baton BI'));
    expect(notice.text).toContain(
      `${SALES.subject} 申请了Hua Tong 的 POC 试用（商机 opp-10）：Baton BI，east，14 天，金额 50000 CNY`,
    );
    expect(notice.text).not.toContain('requested a 14-day');
  });

  it("keeps each timeline entry's text beside its English summary, in the live state and the read model", async () => {
    const live = await stack.request('GET', `/api/pocs/${encodeURIComponent(trialId)}`, undefined, { as: OPS_EN });
    const requested = live.body.timeline.find((event: { type: string }) => event.type === 'poc.requested');
    expect(requested.summary).toMatch(/^li\.lei@east\.example requested a 30-day POC for Hua Tong/);
    expect(requested.message).toMatchObject({
      key: 'poc.requested',
      params: { actor: SALES.subject, days: 30, label: { key: 'poc.label', params: { account: 'Hua Tong' } } },
    });
    const page = await eventually(
      () => stack.request('GET', `/api/pocs/${encodeURIComponent(trialId)}/timeline`, undefined, { as: OPS_EN }),
      (response) => response.body.items?.length > 0,
      30_000,
    );
    expect(page.body.items[0]).toMatchObject({ summary: requested.summary, message: requested.message });
  });
});
