import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };

describe.each(databaseKinds())('deal support over HTTP on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const body = (account: string, extra: Record<string, unknown> = {}) => ({
    account,
    region: 'east',
    opportunity: { id: 'opp-7', amount: 2_500_000, currency: 'CNY' },
    dealStage: 'negotiation',
    competitors: ['RivalSoft'],
    supportTypes: ['competitive-brief', 'pricing-exception'],
    dueDate: '2030-03-15',
    salesOwner: SALES.subject,
    ...extra,
  });
  const path = (dealId: string, suffix = '') => `/api/deals/${encodeURIComponent(dealId)}${suffix}`;
  const act = (dealId: string, suffix: string, payload: unknown, as: Identity) =>
    stack.request('POST', path(dealId, `/${suffix}`), payload, { as });

  it('works a case from request to a win with a handoff package and a lesson, refusing each illegal step', async () => {
    const requested = await stack.request('POST', '/api/deals', body('Huge Bank'), { as: SALES });
    expect(requested.status).toBe(201);
    const dealId: string = requested.body.dealId;
    expect(requested.body).toMatchObject({
      stage: 'requested',
      supportItems: [{ type: 'competitive-brief' }, { type: 'pricing-exception' }],
    });
    expect((await stack.request('POST', '/api/deals', body('Huge Bank'), { as: SALES })).status).toBe(200);

    expect(
      (await act(dealId, 'accept', { assignees: { 'competitive-brief': [PRESALES.subject] } }, SALES)).status,
    ).toBe(403);
    expect((await act(dealId, 'won', {}, SALES)).status).toBe(409);
    const accepted = await act(
      dealId,
      'accept',
      { assignees: { 'competitive-brief': [PRESALES.subject], 'pricing-exception': [OPS.subject] } },
      PRESALES,
    );
    expect(accepted.body.stage).toBe('triaged');
    expect(
      (await act(dealId, 'support-log', { supportType: 'customer-visit', summary: 'x', outcome: 'y' }, PRESALES))
        .status,
    ).toBe(422);
    await act(
      dealId,
      'support-log',
      { supportType: 'competitive-brief', summary: 'Brief on RivalSoft pricing', outcome: 'customer convinced on TCO' },
      PRESALES,
    );
    await act(dealId, 'support-done', { supportType: 'competitive-brief', outcome: 'delivered' }, PRESALES);

    // The pricing exception needs the configured approver's role before the case can close won.
    const early = await act(dealId, 'won', {}, SALES);
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/pricing/i);
    const wrongRole = await act(dealId, 'pricing/approve', {}, SALES);
    expect(wrongRole.status).toBe(403);
    await act(dealId, 'pricing/approve', { note: 'strategic logo' }, OPS);
    const malformed = await act(dealId, 'won', { handoff: { targetGoLive: '2030-02-30', budget: 1 } }, SALES);
    expect(malformed.status).toBe(400);
    expect((malformed.body.errors as Array<{ path: string }>).map((issue) => issue.path).sort()).toEqual([
      'handoff',
      'handoff.targetGoLive',
    ]);
    const past = await act(dealId, 'won', { handoff: { targetGoLive: '2020-01-06' } }, SALES);
    expect(past.status).toBe(422);
    expect(past.body.detail).toMatch(
      /^The handoff package cannot start like that: handoff.targetGoLive 2020-01-06 is in the past/,
    );
    const won = await act(
      dealId,
      'won',
      { note: 'signed', handoff: { commitments: 'Core banking integration in phase 1', targetGoLive: '2031-06-30' } },
      SALES,
    );
    expect(won.body).toMatchObject({
      stage: 'closed_won',
      lessonDue: true,
      outcome: { handoffRequested: true, handoffPackage: { account: 'Huge Bank', region: 'east' } },
    });

    // The win started the delivery handoff by itself, its package pre-filled from the case.
    const handoffId = 'handoff:Huge%20Bank:opp-7';
    const handoff = await eventually(
      () => stack.request('GET', `/api/handoffs/${encodeURIComponent(handoffId)}`, undefined, { as: OPS }),
      (response) => response.status === 200,
    );
    expect(handoff.body).toMatchObject({
      stage: 'package_pending',
      source: { playbook: 'deal-support', id: dealId },
      targetGoLive: '2031-06-30',
    });
    expect(handoff.body.packageItems.find((item: { key: string }) => item.key === 'commitments')).toMatchObject({
      status: 'provided',
      text: 'Core banking integration in phase 1',
    });
    const lesson = await act(
      dealId,
      'lesson',
      { text: 'Lead with TCO against RivalSoft; bring the pricing exception early' },
      SALES,
    );
    expect(lesson.body).toMatchObject({ lessonDue: false, lesson: { text: expect.stringContaining('TCO') } });

    const timeline = await eventually(
      () => stack.request('GET', path(dealId, '/timeline'), undefined, { as: OPS }),
      (response) =>
        response.body.items?.some((event: { type: string }) => event.type === 'deal.handoff-started') &&
        response.body.items.length >= lesson.body.eventCount,
    );
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.find((event: { type: string }) => event.type === 'deal.handoff-started').summary).toBe(
      'Baton started delivery handoff for Huge Bank (opp-7) from the deal support for Huge Bank (opportunity opp-7)',
    );
    const lessons = await eventually(
      () => stack.request('GET', '/api/deals/lessons?q=RivalSoft', undefined, { as: SALES }),
      (response) => response.body.items?.length === 1,
    );
    expect(lessons.body.items[0]).toMatchObject({ dealId });
    // Since lean-deal-small-payloads a projection leaves out the lists it did not change (the lesson left out both):
    // the row keeps them as the earlier projections wrote them.
    const row = await stack.baton.db.dealCase.findUnique({ where: { id: dealId } });
    expect(row).toMatchObject({ lessonText: expect.stringContaining('TCO') });
    expect(row?.supportItems).toEqual([
      expect.objectContaining({ supportType: 'competitive-brief', status: 'done', actions: 1 }),
      expect.objectContaining({ supportType: 'pricing-exception' }),
    ]);
    expect((row?.stageHistory as { stage: string }[]).map((entry) => entry.stage).slice(0, 2)).toEqual([
      'requested',
      'triaged',
    ]);
    expect((row?.stageHistory as { stage: string }[]).at(-1)?.stage).toBe('closed_won');
  });

  it('keeps cases to their region and rejects bad requests naming each field', async () => {
    const east = await stack.request('POST', '/api/deals', body('Quiet Co'), { as: SALES });
    expect((await stack.request('GET', path(east.body.dealId), undefined, { as: SALES_WEST })).status).toBe(404);
    expect((await stack.request('POST', '/api/deals', body('West Co'), { as: SALES_WEST })).status).toBe(403);
    const bad = await stack.request(
      'POST',
      '/api/deals',
      { ...body('Bad Co'), supportTypes: ['psychic-reading'], dueDate: '2030-02-30', extra: 1 },
      { as: SALES },
    );
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ path: string }>).map((issue) => issue.path).sort()).toEqual([
      '',
      'dueDate',
      'supportTypes.0',
    ]);
  });
});
