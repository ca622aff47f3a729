import { addCalendarDays } from '../../domain/shared/business-calendar';
import { renewalWorkflowId } from '../../domain/shared/lifecycle';
import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { FIXTURE_STAKEHOLDERS } from '../helpers/handoff-fixtures';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const PRESALES: Identity = { subject: 'priya@east.example', roles: ['presales'], regions: ['east'] };
const READER: Identity = { subject: 'rex@hq.example', roles: ['read_only'] };
const PROBLEM_JSON = /^application\/problem\+json/;

describe.each(databaseKinds())('delivery handoff over HTTP on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const today = () => new Date().toISOString().slice(0, 10);
  const body = (account: string, extra: Record<string, unknown> = {}) => ({
    account,
    opportunity: 'opp-9',
    region: 'east',
    amount: 1_200_000,
    currency: 'CNY',
    salesOwner: SALES.subject,
    prefill: { requirements: 'Branch rollout, SSO, audit log', commitments: 'Chinese UI by go-live' },
    projectManager: PM.subject,
    ...extra,
  });
  const path = (id: string, suffix = '') => `/api/handoffs/${encodeURIComponent(id)}${suffix}`;
  const act = (id: string, suffix: string, payload: unknown, as: Identity, headers: Record<string, string> = {}) =>
    stack.request('POST', path(id, `/${suffix}`), payload, { as, headers });
  const completePackage = {
    items: [
      { key: 'contract', link: 'https://crm.example/contracts/opp-9.pdf' },
      { key: 'scope', text: 'SOW v3' },
      { key: 'known-risks', text: 'Data migration from the old CRM' },
    ],
    stakeholders: FIXTURE_STAKEHOLDERS,
    targetGoLive: '2027-06-30',
  };

  /** A problem with this status whose detail matches. */
  function expectProblem(response: Awaited<ReturnType<BatonStack['request']>>, status: number, detail?: RegExp): void {
    expect({ status: response.status, contentType: response.contentType }).toEqual({
      status,
      contentType: expect.stringMatching(PROBLEM_JSON),
    });
    if (detail) expect(response.body.detail).toMatch(detail);
  }

  it('works a handoff from start to handover, refusing each illegal step with the status that says why', async () => {
    const started = await stack.request('POST', '/api/handoffs', body('Huge Bank'), { as: SALES });
    expect(started.status).toBe(201);
    const id: string = started.body.handoffId;
    expect(id).toBe('handoff:Huge%20Bank:opp-9');
    expect(started.body).toMatchObject({
      stage: 'package_pending',
      source: { playbook: 'api' },
      projectManager: PM.subject,
      sla: { kind: 'package' },
    });
    expect((await stack.request('POST', '/api/handoffs', body('Huge Bank'), { as: SALES })).status).toBe(200);
    expectProblem(await stack.request('POST', '/api/handoffs', body('PM Co'), { as: PM }), 403);

    // The package: what is not a package item is named; malformed dates are 400, past ones 422.
    expectProblem(
      await act(id, 'submit', {}, SALES),
      409,
      /missing: contract, scope, stakeholders \(needs a decision maker, a manager, an end user\), known-risks, target-go-live/,
    );
    expectProblem(
      await act(id, 'package', { items: [{ key: 'budget', text: '1M' }] }, SALES),
      422,
      /"budget" is not a package item/,
    );
    const malformed = await act(id, 'package', { targetGoLive: '2030-02-30' }, SALES);
    expectProblem(malformed, 400);
    expect(malformed.body.errors.map((issue: { path: string }) => issue.path)).toEqual(['targetGoLive']);
    expectProblem(await act(id, 'package', { targetGoLive: '2020-01-01' }, SALES), 422, /must be after today/);
    expect(
      (await act(id, 'package', completePackage, SALES)).body.packageItems.every(
        (item: { status: string }) => item.status === 'provided',
      ),
    ).toBe(true);
    expect((await act(id, 'submit', {}, SALES)).body).toMatchObject({ stage: 'in_review', sla: { kind: 'review' } });

    // The review: only a project manager decides; a return names what is missing, really in the package.
    expectProblem(await act(id, 'return', { missing: [{ key: 'scope' }] }, SALES), 403);
    expectProblem(await act(id, 'return', { missing: [] }, PM), 422, /at least one missing item named/);
    expectProblem(
      await act(id, 'return', { missing: [{ key: 'scope' }, { key: 'budget' }] }, PM),
      422,
      /"budget" is not a package item/,
    );
    const returned = await act(id, 'return', { missing: [{ key: 'scope', note: 'SOW v3 is not signed' }] }, PM);
    expect(returned.body).toMatchObject({ stage: 'returned', sla: { kind: 'resubmission' } });
    await act(id, 'package', { items: [{ key: 'scope', link: 'https://wiki.example/sow-v3-signed' }] }, SALES);
    const resubmitted = await act(id, 'submit', { note: 'signed SOW attached' }, SALES);
    expectProblem(await act(id, 'accept', {}, PM, { 'If-Match': '"1"' }), 412, /not 1; reload and retry/);
    const accepted = await act(id, 'accept', {}, PM, { 'If-Match': resubmitted.headers.get('etag')! });
    expect(accepted.body).toMatchObject({ stage: 'accepted', projectManager: PM.subject });

    // Kickoff and milestones.
    expectProblem(await act(id, 'kickoff', { kickoffDate: addCalendarDays(today(), 2) }, PM), 422, /in the future/);
    const kicked = await act(id, 'kickoff', { assignees: { 'spec-confirmed': 'priya@hq.example' } }, PM);
    expect(kicked.body.milestones.map((milestone: { key: string }) => milestone.key)).toEqual([
      'requirements-confirmed',
      'spec-confirmed',
      'build-configured',
      'tested',
      'customer-acceptance',
    ]);
    const milestone = (key: string, action: string, payload: unknown = {}, as: Identity = PM) =>
      act(id, `milestones/${key}/${action}`, payload, as);
    expectProblem(await milestone('design', 'start'), 422, /has no milestone "design"/);
    expectProblem(
      await milestone('requirements-confirmed', 'complete', {}, SALES),
      403,
      /^Milestone "Requirements confirmed with the customer" is acted on by its owner \(pia@hq.example, project_manager\) or the project's leads \(project manager, ops manager\); sam@east.example has sales$/,
    );
    expect(
      (await milestone('requirements-confirmed', 'complete', { evidence: { note: 'minutes signed' } })).status,
    ).toBe(200);
    expectProblem(await milestone('requirements-confirmed', 'complete'), 409, /already done/);
    expectProblem(await milestone('tested', 'complete'), 409, /waits on "spec-confirmed", "build-configured"/);
    expectProblem(await milestone('tested', 'slip', { newDate: '2030-13-01', reason: 'x' }), 400);
    expectProblem(
      await milestone('tested', 'slip', { newDate: '2020-01-01', reason: 'vendor late' }),
      422,
      /must be after today/,
    );
    const slipped = await milestone('build-configured', 'slip', {
      newDate: '2027-07-01',
      reason: 'customer changed the data model',
    });
    expect(
      slipped.body.milestones.find((each: { key: string }) => each.key === 'customer-acceptance').dueDate >
        '2027-06-30',
    ).toBe(true);
    expectProblem(await milestone('tested', 'risk', { atRisk: true }), 400);
    expect(
      (await milestone('tested', 'risk', { atRisk: true, note: 'no test environment yet' })).body.milestones[3],
    ).toMatchObject({ atRisk: true });
    // Presales own the spec milestone and complete it themselves; the rest is the project manager's.
    expect((await milestone('spec-confirmed', 'complete', {}, PRESALES)).status).toBe(200);
    for (const key of ['build-configured', 'tested']) expect((await milestone(key, 'complete')).status).toBe(200);

    // Customer acceptance needs the recorded sign-off; handover needs a term that ends after it starts.
    expectProblem(await milestone('customer-acceptance', 'complete'), 422, /recorded sign-off/);
    expectProblem(
      await act(id, 'customer-acceptance', { signedBy: 'Dana Decider', signedOn: today(), evidence: {} }, PM),
      422,
      /evidence/,
    );
    expectProblem(
      await act(
        id,
        'customer-acceptance',
        { signedBy: 'Dana Decider', signedOn: addCalendarDays(today(), 1), evidence: { note: 'x' } },
        PM,
      ),
      422,
      /in the future/,
    );
    expectProblem(
      await act(id, 'customer-acceptance', { signedBy: 'Dana', signedOn: today(), evidence: { link: 'ftp://x' } }, PM),
      400,
    );
    expect(
      (
        await act(
          id,
          'customer-acceptance',
          {
            signedBy: 'Dana Decider',
            signedByTitle: 'CFO',
            signedOn: today(),
            evidence: { link: 'https://docs.example/acceptance.pdf' },
          },
          PM,
        )
      ).status,
    ).toBe(200);
    expect((await milestone('customer-acceptance', 'complete')).body.stage).toBe('accepted_by_customer');
    const handover = {
      termStart: today(),
      contractEnd: addCalendarDays(today(), 364),
      annualValue: 400_000,
      tier: 'key',
      customerSuccessOwner: 'cora@hq.example',
    };
    expectProblem(
      await act(id, 'handover', { ...handover, contractEnd: today() }, PM),
      422,
      /must end after its term starts/,
    );
    expectProblem(await act(id, 'handover', { ...handover, contractEnd: '2027-02-29' }, PM), 400);
    const handedOver = await act(id, 'handover', handover, PM);
    expect(handedOver.body).toMatchObject({
      stage: 'handed_over',
      handover: { currency: 'CNY', annualValue: 400_000 },
    });
    expectProblem(await act(id, 'comments', { text: 'late note' }, PM), 409);

    // The renewal follow-up runs under its own id, and the read model shows where it went.
    const renewalId = renewalWorkflowId('Huge Bank', 'opp-9');
    const listed = await eventually(
      () => stack.request('GET', '/api/handoffs?stage=handed_over', undefined, { as: SALES }),
      (response) => response.body.items?.[0]?.renewalWorkflowId === renewalId,
    );
    expect(listed.body.items[0]).toMatchObject({
      handoffId: id,
      returnCount: 1,
      outcome: { stage: 'handed_over' },
      handover: { contractEnd: handover.contractEnd },
    });
    const renewal = await stack.temporal.client.workflow.getHandle(renewalId).describe();
    expect(renewal).toMatchObject({ type: 'renewalFollowUp', status: { name: 'RUNNING' } });
    const timeline = await eventually(
      () =>
        stack.request(
          'GET',
          path(id, '/timeline?type=handoff.returned,handoff.handed-over,handoff.renewal-started'),
          undefined,
          { as: OPS },
        ),
      (response) => response.body.items?.length === 3,
    );
    expect(timeline.body.items.map((item: { type: string }) => item.type)).toEqual([
      'handoff.returned',
      'handoff.handed-over',
      'handoff.renewal-started',
    ]);
  });

  it('keeps handoffs to their region, lets only project managers and ops decide, and cancels with a reason', async () => {
    const started = await stack.request('POST', '/api/handoffs', body('Quiet Co'), { as: SALES });
    const id: string = started.body.handoffId;
    expectProblem(await stack.request('GET', path(id), undefined, { as: SALES_WEST }), 404);
    expectProblem(await act(id, 'comments', { text: 'hello' }, SALES_WEST), 404);
    expectProblem(await stack.request('POST', '/api/handoffs', body('West Co'), { as: SALES_WEST }), 403);
    expectProblem(await act(id, 'comments', { text: 'hello' }, READER), 403);
    const commented = await act(id, 'comments', { text: 'contract is with legal' }, SALES);
    expect(commented.status).toBe(200);
    // Since lean-handoff-small-payloads the comment's projection left out the lists it did not change: the row keeps
    // them as the start's projection wrote them.
    const row = await eventually(
      () => stack.baton.db.handoff.findUnique({ where: { id } }),
      (found) => found !== null && found.projectionSeq >= commented.body.seq,
    );
    const keys = (items: { key: string }[]) => items.map((item) => item.key);
    expect(keys(row!.packageItems as { key: string }[])).toEqual(keys(started.body.packageItems));
    expect(keys(started.body.packageItems).length).toBeGreaterThan(0);
    expect((row!.stageHistory as { stage: string }[]).map((entry) => entry.stage)).toEqual(['package_pending']);
    expectProblem(await act(id, 'cancel', { reason: 'customer walked away' }, SALES), 403);
    expectProblem(await act(id, 'cancel', {}, OPS), 400);
    expect((await act(id, 'cancel', { reason: 'customer walked away after signing' }, OPS)).body).toMatchObject({
      stage: 'cancelled',
      outcome: { reason: 'customer walked away after signing' },
    });
    expectProblem(await act(id, 'package', { targetGoLive: '2027-01-01' }, SALES), 409);

    const bad = await stack.request(
      'POST',
      '/api/handoffs',
      { ...body('Bad Co'), amount: -1, region: 'East China', calendar: 'no-such', extra: 1 },
      { as: OPS },
    );
    expectProblem(bad, 400);
    expect((bad.body.errors as Array<{ path: string }>).map((issue) => issue.path).sort()).toEqual([
      '',
      'amount',
      'region',
    ]);
    expectProblem(
      await stack.request('POST', '/api/handoffs', body('No Calendar Co', { calendar: 'no-such' }), { as: OPS }),
      422,
      /No calendar no-such/,
    );
    expectProblem(await stack.request('GET', path('deal:acme:opp-1'), undefined, { as: OPS }), 404);
  });
});
