import { addCalendarDays } from '../../domain/shared/business-calendar';
import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { startScriptedWebhook } from '../helpers/fake-webhook';
import { AT_RISK_FIGURES, HEALTHY_FIGURES } from '../helpers/renewal-fixtures';

const CS: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const SALES_EAST: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const READER: Identity = { subject: 'rae@hq.example', roles: ['read_only'] };

const today = () => new Date().toISOString().slice(0, 10);

describe.each(databaseKinds())('renewal follow-up over HTTP on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;
  let source: Awaited<ReturnType<typeof startScriptedWebhook>>;

  beforeAll(async () => {
    source = await startScriptedWebhook([]);
    stack = await startBatonStack(kind, { renewalHealth: { webhookUrl: source.url, timeoutMs: 2_000 } });
  });

  afterAll(async () => {
    await stack?.stop();
    await source?.close();
  });

  /** A contract that ends `days` from today; its term started a year before that. */
  const body = (account: string, days: number, extra: Record<string, unknown> = {}) => ({
    account,
    region: 'east',
    contractId: 'C-7',
    termStart: addCalendarDays(today(), days - 364),
    contractEnd: addCalendarDays(today(), days),
    value: 100_000,
    currency: 'CNY',
    tier: 'key',
    customerSuccessOwner: CS.subject,
    opsManager: OPS.subject,
    ...extra,
  });
  const path = (renewalId: string, suffix = '') => `/api/renewals/${encodeURIComponent(renewalId)}${suffix}`;
  const act = (
    renewalId: string,
    suffix: string,
    payload: unknown,
    as: Identity,
    headers: Record<string, string> = {},
  ) => stack.request('POST', path(renewalId, `/${suffix}`), payload, { as, headers });
  const readRow = (renewalId: string) => stack.baton.db.renewal.findUnique({ where: { id: renewalId } });

  it('follows a contract ending in 20 days: health from the source at once, at-risk escalation, proposal, renewal into the next term, churn, then 409', async () => {
    source.answer({ status: 200, body: JSON.stringify(AT_RISK_FIGURES) });
    const started = await stack.request('POST', '/api/renewals', body('Late Co', 20), { as: CS });
    expect(started.status).toBe(201);
    const renewalId: string = started.body.renewalId;
    expect(renewalId).toBe('renewal:Late%20Co:C-7');
    expect(started.headers.get('location')).toBe(path(renewalId));
    expect(started.body).toMatchObject({
      stage: 'health_review',
      term: { number: 1, compressed: true },
      source: { playbook: 'api' },
      startedBy: CS.subject,
    });
    expect(started.body.term.steps.map((step: { status: string }) => step.status)).toEqual([
      'open',
      'skipped',
      'skipped',
      'open',
    ]);
    const repeat = await stack.request('POST', '/api/renewals', body('Late Co', 20), { as: OPS });
    expect(repeat.status).toBe(200);
    expect(repeat.body.renewalId).toBe(renewalId);

    // The health source answered at once: at risk, escalated to the ops manager, and the review is done.
    const assessed = await eventually(
      () => stack.request('GET', path(renewalId), undefined, { as: SALES_EAST }),
      (response) => response.body.term?.health !== undefined,
    );
    expect(assessed.body).toMatchObject({
      stage: 'outcome',
      term: { atRisk: true, health: { score: 21, band: 'at-risk', source: 'health-source' } },
    });
    expect(source.received[0]!.body).toMatchObject({
      renewalId,
      account: 'Late Co',
      contractId: 'C-7',
      region: 'east',
      term: 1,
      round: 1,
    });
    const escalation = assessed.body.timeline.find(
      (event: { type: string }) => event.type === 'renewal.at-risk-escalation',
    );
    expect(escalation).toMatchObject({ notify: { role: 'ops_manager', person: OPS.subject } });
    const outbox = await eventually(
      () => stack.baton.db.notificationOutbox.findMany({ where: { launchId: renewalId, eventN: escalation.n } }),
      (rows) => rows.length === 1,
    );
    expect(outbox[0]).toMatchObject({
      sink: 'log',
      role: 'ops_manager',
      person: OPS.subject,
      text: escalation.summary,
    });
    const atRisk = await eventually(
      () => stack.request('GET', '/api/renewals?atRisk=true&region=east', undefined, { as: SALES_EAST }),
      (response) => response.body.items?.some((row: { renewalId: string }) => row.renewalId === renewalId),
    );
    expect(atRisk.body.items.find((row: { renewalId: string }) => row.renewalId === renewalId)).toMatchObject({
      atRisk: true,
      health: { score: 21 },
      nextStep: { key: 'outcome' },
    });

    // Refused steps say why; nothing changes.
    const early = await act(renewalId, 'negotiation', { note: 'asked for a discount' }, SALES_EAST);
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe(
      'Negotiation on the renewal of Late Co (contract C-7) starts from a proposal: send the renewal proposal first',
    );
    expect((await act(renewalId, 'proposal', { value: 95_000 }, READER)).status).toBe(403);
    expect((await act(renewalId, 'proposal', { value: 95_000 }, SALES_WEST)).status).toBe(404);
    const proposed = await act(
      renewalId,
      'proposal',
      { value: 95_000, link: 'https://docs.example/proposal' },
      SALES_EAST,
      { 'if-match': assessed.headers.get('etag')! },
    );
    expect(proposed.status).toBe(200);
    expect(proposed.body.term.proposal).toMatchObject({ value: 95_000, by: SALES_EAST.subject });
    const stale = await act(renewalId, 'negotiation', { note: 'late' }, SALES_EAST, {
      'if-match': assessed.headers.get('etag')!,
    });
    expect(stale.status).toBe(412);
    expect((await act(renewalId, 'outcome', { outcome: 'renewed' }, SALES_EAST)).status).toBe(403);
    const notHigher = await act(renewalId, 'outcome', { outcome: 'expanded', newValue: 90_000 }, CS);
    expect(notHigher.status).toBe(422);
    expect(notHigher.body).toMatchObject({
      title: 'Unusable value',
      detail: 'An expansion needs a value above 100000 CNY, not 90000 CNY',
    });
    const badNext = await act(renewalId, 'outcome', { outcome: 'renewed', nextContractEnd: today() }, CS);
    expect(badNext.status).toBe(422);
    expect(badNext.body.title).toBe('Unusable date');
    const unshaped = await act(renewalId, 'outcome', { outcome: 'churned', newValue: 5 }, CS);
    expect(unshaped.status).toBe(400);
    expect((unshaped.body.errors as { path: string }[]).map((issue) => issue.path).sort()).toEqual([
      'churnReason',
      'newValue',
      'note',
    ]);

    // Renewed: the same workflow continues as new with the next term, and the read model keeps both.
    const renewed = await act(
      renewalId,
      'outcome',
      { outcome: 'downgraded', newValue: 80_000, note: 'fewer seats' },
      CS,
    );
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({
      stage: 'health_review',
      term: { number: 2, value: 80_000, termStart: addCalendarDays(today(), 21) },
      pastTerms: [{ outcome: 'downgraded', newValue: 80_000 }],
    });
    const terms = await eventually(
      () => stack.request('GET', path(renewalId, '/terms'), undefined, { as: READER }),
      (response) => response.body.items?.length === 2,
    );
    expect(terms.body.items).toMatchObject([
      {
        number: 1,
        outcome: 'downgraded',
        value: 100_000,
        newValue: 80_000,
        note: 'fewer seats',
        atRisk: true,
        healthScore: 21,
        proposedValue: null,
      },
      { number: 2, outcome: null, value: 80_000, atRisk: false, proposedValue: null },
    ]);
    const live = await eventually(
      () => stack.request('GET', path(renewalId), undefined, { as: OPS }),
      (response) => response.body.eventCount > renewed.body.eventCount - 1 && response.body.term?.number === 2,
    );
    expect(live.body.pastTerms).toHaveLength(1);

    // Churned: the workflow ends, the read model says so, and every action after it is 409 (not 404 or 500).
    const churned = await act(
      renewalId,
      'outcome',
      { outcome: 'churned', churnReason: 'budget', note: 'frozen budgets for next year' },
      CS,
    );
    expect(churned.status).toBe(200);
    expect(churned.body.stage).toBe('churned');
    await eventually(
      () => readRow(renewalId),
      (row) => row?.endedAt !== null && row?.stage === 'churned',
    );
    const handle = stack.baton.client!.workflow.getHandle(renewalId);
    await eventually(
      () => handle.describe(),
      (description) => description.status.name === 'COMPLETED',
    );
    for (const [suffix, payload] of [
      ['outcome', { outcome: 'renewed' }],
      ['proposal', { value: 1 }],
      ['health', HEALTHY_FIGURES],
      ['health-check', {}],
    ] as const) {
      const after = await act(renewalId, suffix, payload, CS);
      expect({ suffix, status: after.status, title: after.body.title }).toEqual({
        suffix,
        status: 409,
        title: 'Renewal has ended',
      });
    }
    expect((await act(renewalId, 'proposal', { value: 1 }, SALES_WEST)).status).toBe(404);
    const timeline = await stack.request(
      'GET',
      path(renewalId, '/timeline?term=1&type=renewal.downgraded,renewal.at-risk-escalation'),
      undefined,
      { as: OPS },
    );
    expect(timeline.body.items.map((event: { type: string }) => event.type)).toEqual([
      'renewal.at-risk-escalation',
      'renewal.downgraded',
    ]);
  });

  it('asks the health source on demand, and waits for posted figures when it fails', async () => {
    const started = await stack.request('POST', '/api/renewals', body('Steady Co', 130), { as: CS });
    expect(started.status).toBe(201);
    const renewalId: string = started.body.renewalId;
    expect(started.body.term.compressed).toBe(false);
    expect(started.body.term.steps[0].dueDate).toBe(addCalendarDays(today(), 10));

    // A slow refusal: a second check asked for while it runs is refused.
    source.answer({ status: 404, body: 'no such contract', delay: 1_000 });
    const asked = await act(renewalId, 'health-check', { note: 'before the QBR' }, SALES_EAST);
    expect(asked.status).toBe(200);
    expect(asked.body.healthCheck).toMatchObject({ status: 'requested', requestedBy: SALES_EAST.subject });
    expect((await act(renewalId, 'health-check', {}, SALES_EAST)).status).toBe(409);
    const failed = await eventually(
      () => stack.request('GET', path(renewalId), undefined, { as: CS }),
      (response) => response.body.healthCheck?.status === 'failed',
    );
    expect(failed.body.healthCheck.lastError).toBe('The health source answered HTTP 404: no such contract');
    expect(failed.body.timeline.at(-1)).toMatchObject({
      type: 'renewal.health-check-failed',
      notify: { role: 'customer_success', person: CS.subject },
    });

    const unusable = await act(renewalId, 'health', { ...HEALTHY_FIGURES, activeUsers: -1, logins: 3 }, CS);
    expect(unusable.status).toBe(400);
    expect((unusable.body.errors as { path: string }[]).map((issue) => issue.path).sort()).toEqual(['', 'activeUsers']);
    // Posted within 30 days of the review's due date: the review is done.
    const posted = await act(renewalId, 'health', HEALTHY_FIGURES, CS);
    expect(posted.body).toMatchObject({
      stage: 'proposal',
      term: { atRisk: false, health: { score: 100, source: 'posted', by: CS.subject } },
    });
    const reassigned = await act(renewalId, 'assign', { customerSuccessOwner: 'cora@hq.example' }, OPS);
    expect(reassigned.body.customerSuccessOwner).toBe('cora@hq.example');
    const listed = await eventually(
      () =>
        stack.request('GET', '/api/renewals?customerSuccessOwner=cora%40hq.example&stage=proposal', undefined, {
          as: OPS,
        }),
      (response) => response.body.items?.length === 1,
    );
    expect(listed.body.items[0]).toMatchObject({
      renewalId,
      stage: 'proposal',
      health: { score: 100, band: 'healthy' },
      healthCheck: { status: 'failed' },
    });
    // Since lean-renewal-small-payloads the reassignment's projection carried no term row (it changed none): the
    // term's row keeps the health the earlier projection wrote.
    const terms = await stack.baton.db.renewalTerm.findMany({ where: { renewalId } });
    expect(terms).toEqual([
      expect.objectContaining({ number: 1, healthScore: 100, healthBand: 'healthy', atRisk: false }),
    ]);
  });

  it('refuses bad starts, naming each field, and keeps renewals to their region', async () => {
    const expectFields = async (payload: unknown, fields: string[], status = 400) => {
      const response = await stack.request('POST', '/api/renewals', payload, { as: CS });
      expect({
        status: response.status,
        fields: (response.body.errors as { path: string }[] | undefined)?.map((issue) => issue.path).sort(),
      }).toEqual({ status, fields });
      return response;
    };
    await expectFields({ ...body('Bad Co', 100), termStart: addCalendarDays(today(), 200) }, ['contractEnd']);
    const past = await expectFields({ ...body('Bad Co', -10) }, ['contractEnd']);
    expect(past.body.errors[0].message).toMatch(/has passed/);
    await expectFields(
      { ...body('Bad Co', 100), contractEnd: '2030-02-30', value: -1, tier: 'Key Accounts', extra: true },
      ['', 'contractEnd', 'tier', 'value'],
    );
    const rules = await expectFields({ ...body('Bad Co', 100), rules: { proposalDaysBefore: 150 } }, ['']);
    expect(rules.body.errors[0].message).toBe(
      'rules.proposalDaysBefore (150) must be fewer days than rules.healthReviewDaysBefore (120): each step comes after the one before',
    );
    expect(
      (await stack.request('POST', '/api/renewals', { ...body('Bad Co', 100), calendar: 'mars' }, { as: CS })).status,
    ).toBe(422);
    expect((await stack.request('POST', '/api/renewals', body('Sales Co', 100), { as: SALES_EAST })).status).toBe(403);

    const east = await stack.request('POST', '/api/renewals', body('Quiet Co', 200), { as: CS });
    const id = east.body.renewalId as string;
    expect((await stack.request('GET', path(id), undefined, { as: SALES_WEST })).status).toBe(404);
    expect((await stack.request('GET', path(id), undefined, { as: SALES_EAST })).status).toBe(200);
    expect((await stack.request('GET', path('renewal:nobody:C-0'), undefined, { as: CS })).status).toBe(404);
    expect((await stack.request('GET', path('poc:acme:opp'), undefined, { as: CS })).status).toBe(404);
    await eventually(
      () => readRow(id),
      (row) => row !== null,
    );
    expect((await stack.request('GET', path(id, '/timeline'), undefined, { as: SALES_WEST })).status).toBe(404);
    expect((await stack.request('GET', path(id, '/terms'), undefined, { as: SALES_WEST })).status).toBe(404);
    expect(
      (await stack.request('GET', '/api/renewals/calendar?region=east', undefined, { as: SALES_WEST })).status,
    ).toBe(404);
    const westList = await stack.request('GET', '/api/renewals', undefined, { as: SALES_WEST });
    expect(westList.body.items).toEqual([]);
    const calendar = await stack.request(
      'GET',
      `/api/renewals/calendar?region=east&from=${addCalendarDays(today(), 200).slice(0, 7)}&to=${addCalendarDays(today(), 200).slice(0, 7)}`,
      undefined,
      { as: SALES_EAST },
    );
    expect(calendar.body.months[0]).toMatchObject({
      contracts: 1,
      value: 100_000,
      open: 1,
      byTier: [{ tier: 'key', contracts: 1 }],
    });
  });
});
