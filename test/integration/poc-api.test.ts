import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const SALES_EAST: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const OPS_WEST: Identity = { subject: 'will@west.example', roles: ['regional_ops'], regions: ['west'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };

const PROBLEM_JSON = /^application\/problem\+json/;

describe.each(databaseKinds())('POC trials over HTTP on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    // No provisioning webhook: provisioning is regional ops' own step, recorded by hand.
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const body = (account: string, extra: Record<string, unknown> = {}) => ({
    account,
    region: 'east',
    industry: 'manufacturing',
    opportunity: { id: 'opp-1', amount: 120000, currency: 'CNY' },
    product: 'Baton CRM',
    salesOwner: SALES_EAST.subject,
    supporters: { presales: [PRESALES.subject] },
    criteria: [
      {
        key: 'sync',
        description: 'Orders sync within 5 minutes',
        measuredBy: 'p95 sync latency on the customer dashboard',
      },
      { key: 'adoption', description: '20 reps use it daily', measuredBy: 'daily active users in week 2' },
    ],
    plannedStart: '2030-03-04',
    durationDays: 30,
    ...extra,
  });
  const request = (account: string, as: Identity = SALES_EAST, extra: Record<string, unknown> = {}) =>
    stack.request('POST', '/api/pocs', body(account, extra), { as });
  const path = (trialId: string, suffix = '') => `/api/pocs/${encodeURIComponent(trialId)}${suffix}`;
  const act = (trialId: string, suffix: string, payload: unknown, as: Identity) =>
    stack.request('POST', path(trialId, `/${suffix}`), payload, { as });

  it('runs a trial from request to conversion, with every illegal step refused and nothing lost', async () => {
    const first = await request('Acme Motors');
    expect(first.status).toBe(201);
    const trialId: string = first.body.trialId;
    expect(trialId).toBe('poc:Acme%20Motors:opp-1');
    expect(first.headers.get('location')).toBe(path(trialId));
    expect(first.body).toMatchObject({ stage: 'requested', region: 'east', requestedBy: SALES_EAST.subject });

    // The same account and opportunity again: the existing trial, not a second one.
    const duplicate = await request('Acme Motors');
    expect(duplicate.status).toBe(200);
    expect(duplicate.body.requestedAt).toBe(first.body.requestedAt);
    // A CRM re-sending it with another amount is told so, not answered 200 with the old amount.
    const changed = await request('Acme Motors', SALES_EAST, {
      opportunity: { id: 'opp-1', amount: 95_000, currency: 'CNY' },
    });
    expect({ status: changed.status, fields: changed.body.fields }).toEqual({
      status: 409,
      fields: ['opportunity.amount'],
    });
    expect(changed.body.detail).toBe(
      'A trial for this account and opportunity already exists with other details: opportunity.amount. Nothing was changed; change them on the trial itself',
    );
    expect((await stack.request('GET', path(trialId), undefined, { as: SALES_EAST })).body.opportunity.amount).toBe(
      first.body.opportunity.amount,
    );

    const refusals: Array<[Promise<{ status: number; body: Record<string, unknown> }>, number, string | RegExp]> = [
      [act(trialId, 'kickoff', {}, OPS_EAST), 409, /requested/],
      [act(trialId, 'approve', {}, SALES_EAST), 403, /not allowed|may not|permission/i],
      [act(trialId, 'approve', {}, OPS_WEST), 404, `No POC trial ${trialId}`],
      [act(trialId, 'reject', {}, OPS_EAST), 400, 'The request does not match the expected schema'],
      [act(trialId, 'criteria/sync', { status: 'met', evidence: 'x' }, OPS_EAST), 409, /needs it active/],
    ];
    for (const [pending, status, detail] of refusals) {
      const response = await pending;
      expect({ status: response.status, detail: response.body.detail }).toEqual({
        status,
        detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
      });
    }

    await act(trialId, 'approve', { note: 'strategic account' }, OPS_EAST);
    // No provisioner is configured: the trial waits for a person, as a step, not a failure.
    const waiting = await eventually(
      () => stack.request('GET', path(trialId), undefined, { as: OPS_EAST }),
      (response) => response.body.provisioning.byHand === true,
      30_000,
    );
    expect(waiting.body.stage).toBe('provisioning');
    expect(waiting.body.provisioning.lastError).toBeUndefined();
    expect(waiting.body.timeline.at(-1)).toMatchObject({
      type: 'provisioning.by-hand',
      summary: expect.stringMatching(
        /^Provision the environment for the .+ and mark it ready; it can then be kicked off$/,
      ),
    });
    const provisioned = await act(
      trialId,
      'provisioning/manual',
      { environmentUrl: 'https://acme.trial.example', note: 'set up by Erin' },
      OPS_EAST,
    );
    expect(provisioned.body.stage).toBe('ready');
    const active = await act(trialId, 'kickoff', {}, SALES_EAST);
    expect(active.body.stage).toBe('active');

    const unknown = await act(trialId, 'criteria/nope', { status: 'met', evidence: 'x' }, PRESALES);
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(/"nope"/);
    const checkIn = await act(trialId, 'check-ins', { summary: 'Sync latency 3 min', health: 'green' }, PRESALES);
    expect(checkIn.status).toBe(200);
    expect((await act(trialId, 'check-ins', { summary: 'x', health: 'purple' }, PRESALES)).status).toBe(400);
    expect(
      (await act(trialId, 'criteria/sync', { status: 'met', evidence: 'dashboard screenshot' }, PRESALES)).body
        .criteria[0],
    ).toMatchObject({ key: 'sync', status: 'met', markedBy: PRESALES.subject });

    const extension = await act(trialId, 'extensions', { days: 10, reason: 'customer holiday' }, SALES_EAST);
    expect(extension.status).toBe(200);
    expect((await act(trialId, 'extensions', { days: 5, reason: 'again' }, SALES_EAST)).status).toBe(409);
    const approved = await act(trialId, 'extensions/approve', {}, OPS_EAST);
    expect(approved.body.extensions[0]).toMatchObject({ status: 'approved', decidedBy: OPS_EAST.subject });
    const overLimit = await act(trialId, 'extensions', { days: 5, reason: 'one more' }, SALES_EAST);
    expect(overLimit.status).toBe(409);
    expect(overLimit.body.title).toBe('Limit reached');

    // Prefer: return=minimal answers 204 with the new version and no state; the version acts as If-Match.
    const minimal = await stack.request(
      'POST',
      path(trialId, '/check-ins'),
      { summary: 'Load test passed', health: 'green' },
      { as: PRESALES, headers: { Prefer: 'handling=strict; x=1, return=minimal' } },
    );
    expect(minimal.status).toBe(204);
    expect(minimal.text).toBe('');
    expect(minimal.headers.get('preference-applied')).toBe('return=minimal');
    expect(minimal.headers.get('etag')).toBe(`"${approved.body.seq + 1}"`);
    const afterMinimal = await stack.request('GET', path(trialId, ''), undefined, { as: PRESALES });
    expect(afterMinimal.headers.get('etag')).toBe(minimal.headers.get('etag'));
    expect(afterMinimal.body.checkIns.at(-1)).toMatchObject({ summary: 'Load test passed', health: 'green' });
    const represented = await stack.request(
      'POST',
      path(trialId, '/check-ins'),
      { summary: 'Second load test', health: 'green' },
      { as: PRESALES, headers: { Prefer: 'return=representation', 'If-Match': minimal.headers.get('etag')! } },
    );
    expect(represented.status).toBe(200);
    expect(represented.headers.get('preference-applied')).toBeNull();
    expect(represented.body.checkIns.at(-1)).toMatchObject({ summary: 'Second load test' });

    const stale = await stack.request(
      'POST',
      path(trialId, '/convert'),
      {},
      { as: SALES_EAST, headers: { 'If-Match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect((await act(trialId, 'lose', { reason: 'other' }, SALES_EAST)).body.errors).toEqual([
      expect.objectContaining({ path: 'note' }),
    ]);
    const noAsk = await act(trialId, 'convert', { nextStep: 'deal-support' }, SALES_EAST);
    expect(noAsk.status).toBe(400);
    expect(noAsk.body.errors).toEqual([expect.objectContaining({ path: 'dealSupport' })]);
    const pastAsk = await act(
      trialId,
      'convert',
      {
        nextStep: 'deal-support',
        dealSupport: { supportTypes: ['customer-visit'], dueDate: '2020-01-06', dealStage: 'proposal' },
      },
      SALES_EAST,
    );
    expect(pastAsk.status).toBe(422);
    expect(pastAsk.body.detail).toBe(
      'Deal support cannot start like that: dealSupport.dueDate 2020-01-06 is in the past',
    );
    const converted = await act(trialId, 'convert', { nextStep: 'delivery-handoff', note: 'signed' }, SALES_EAST);
    expect(converted.body).toMatchObject({
      stage: 'converted',
      outcome: { stage: 'converted', nextStep: 'delivery-handoff' },
    });
    // The conversion started the delivery handoff, with the trial's success criteria as its requirements.
    const handoff = await eventually(
      () =>
        stack.request(
          'GET',
          `/api/handoffs/${encodeURIComponent(converted.body.trialId.replace(/^poc:/, 'handoff:'))}`,
          undefined,
          { as: OPS_EAST },
        ),
      (response) => response.status === 200,
    );
    expect(handoff.body).toMatchObject({ stage: 'package_pending', source: { playbook: 'poc-trial', id: trialId } });
    expect(handoff.body.packageItems.find((item: { key: string }) => item.key === 'requirements')).toMatchObject({
      status: 'provided',
      text: expect.stringContaining('Success criteria'),
    });
    const late = await act(trialId, 'check-ins', { summary: 'after', health: 'green' }, PRESALES);
    expect(late.status).toBe(409);
    expect(late.contentType).toMatch(PROBLEM_JSON);

    // The read model catches up: list, timeline and the regional dashboard.
    const listed = await eventually(
      () => stack.request('GET', '/api/pocs?region=east', undefined, { as: OPS_EAST }),
      (response) =>
        response.body.items?.some(
          (row: { trialId: string; stage: string }) => row.trialId === trialId && row.stage === 'converted',
        ),
    );
    expect(listed.status).toBe(200);
    // Since lean-poc-small-payloads a projection leaves out the lists it did not change (the extensions and the
    // conversion left the criteria out): the row keeps them as the earlier projections wrote them.
    const row = await stack.baton.db.pocTrial.findUnique({ where: { id: trialId } });
    expect(row?.criteria).toEqual([
      expect.objectContaining({ key: 'sync', status: 'met', markedBy: PRESALES.subject }),
      expect.objectContaining({ key: 'adoption', markedBy: null }),
    ]);
    expect((row?.stageHistory as { stage: string }[]).map((entry) => entry.stage)).toEqual([
      'requested',
      'approved',
      'provisioning',
      'ready',
      'active',
      'converted',
    ]);
    const timeline = await stack.request('GET', path(trialId, '/timeline'), undefined, { as: OPS_EAST });
    expect(timeline.body.items.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining([
        'poc.requested',
        'poc.approved',
        'provisioning.by-hand',
        'provisioning.manual',
        'poc.kicked-off',
        'poc.converted',
      ]),
    );
    const dashboard = await stack.request('GET', '/api/pocs/dashboard?region=east', undefined, { as: OPS_EAST });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.outcomes).toMatchObject({ converted: 1, conversionRate: 1 });
  });

  it('offers the regions, industries and products in use on the trials the caller can see', async () => {
    expect((await request('Field Co', SALES_EAST)).status).toBe(201);
    const values = await stack.request('GET', '/api/pocs/field-values', undefined, { as: SALES_EAST });
    expect(values.status).toBe(200);
    expect(values.body).toMatchObject({ regions: ['east'], industries: ['manufacturing'], products: ['Baton CRM'] });
  });

  it('keeps each region to itself: another region’s trial is 404, never 403', async () => {
    const east = await request('Beta Foods');
    const trialId: string = east.body.trialId;
    expect((await stack.request('GET', path(trialId), undefined, { as: OPS_WEST })).status).toBe(404);
    expect((await stack.request('GET', path(trialId, '/timeline'), undefined, { as: SALES_WEST })).status).toBe(404);
    expect((await stack.request('GET', '/api/pocs/dashboard?region=east', undefined, { as: OPS_WEST })).status).toBe(
      404,
    );
    const westList = await stack.request('GET', '/api/pocs', undefined, { as: OPS_WEST });
    expect(westList.body.items.some((row: { trialId: string }) => row.trialId === trialId)).toBe(false);
    const foreign = await request('Gamma Steel', SALES_WEST);
    expect(foreign).toMatchObject({
      status: 403,
      body: { detail: 'You may request trials only in your regions (west)' },
    });
    // A duplicate from another region reveals neither the trial's state nor that it exists: 404 as a read.
    const clash = await stack.request(
      'POST',
      '/api/pocs',
      body('Beta Foods', { region: 'west', salesOwner: SALES_WEST.subject }),
      { as: SALES_WEST },
    );
    expect(clash.status).toBe(404);
    expect(clash.body.detail).toBe(`No POC trial ${trialId}`);
    expect(JSON.stringify(clash.body)).not.toContain('requestedAt');
  });

  it('rejects bad requests with every field named and starts nothing', async () => {
    const response = await stack.request(
      'POST',
      '/api/pocs',
      {
        ...body('Delta'),
        opportunity: { id: '', amount: -5 },
        criteria: [],
        plannedStart: '2030-02-30',
        durationDays: 0,
        extra: true,
      },
      { as: SALES_EAST },
    );
    expect(response.status).toBe(400);
    const paths = (response.body.errors as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['', 'criteria', 'durationDays', 'opportunity.amount', 'opportunity.id', 'plannedStart']);
    expect(
      (await stack.request('POST', '/api/pocs', body('Delta', { calendar: 'atlantis' }), { as: SALES_EAST })).body,
    ).toMatchObject({ status: 422, detail: 'No calendar atlantis; choose one of the calendars on the board' });
    const none = await stack.request('GET', '/api/pocs?region=east', undefined, { as: OPS_EAST });
    expect(none.body.items.some((row: { account: string }) => row.account === 'Delta')).toBe(false);
  });
});
