import { addCalendarDays } from '../../domain/shared/business-calendar';
import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { FIXTURE_STAKEHOLDERS } from '../helpers/handoff-fixtures';

/*
 * Every insights figure (README "Insights") against the same figure computed here, in plain TypeScript,
 * from the live state of cases created through the real workflows: six opportunities, one of them
 * followed along the whole chain (POC -> deal -> handoff -> live -> renewed), on a real Temporal server
 * and both databases.
 */

const SALES_EAST: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const OPS_WEST: Identity = { subject: 'will@west.example', roles: ['regional_ops'], regions: ['west'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const CS: Identity = { subject: 'cora@hq.example', roles: ['customer_success'] };

type State = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const today = () => new Date().toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
/** The slices a row `alias` counts in (all, its channel, its industry, each product), as the rollups sum them. */
const PER_DIMENSION = (alias: string) =>
  `SELECT '' AS dim, NULL AS dim_value UNION ALL SELECT 'channel', ${alias}.channel
   UNION ALL SELECT 'industry', ${alias}.industry UNION ALL SELECT 'product', p FROM unnest(${alias}.products) p`;

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}
const tenth = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

describe.each(databaseKinds())('Insights from cases run through the real workflows on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const seg = encodeURIComponent;
  // Most actions say the minutes they took (every fourth does not), so effort has something to count.
  let actions = 0;
  const nextEffort = () => [10, 25, undefined, 40][actions++ % 4];
  const act = async (collection: string, id: string, suffix: string, payload: object, as: Identity) => {
    const effortMinutes = nextEffort();
    const body = effortMinutes === undefined ? payload : { ...payload, effortMinutes };
    const response = await stack.request('POST', `/api/${collection}/${seg(id)}/${suffix}`, body, { as });
    if (response.status !== 200)
      throw new Error(`${suffix} on ${id}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const read = (collection: string, id: string) =>
    eventually(
      () => stack.request('GET', `/api/${collection}/${seg(id)}`, undefined, { as: OPS }),
      (response) => response.status === 200,
      30_000,
    ).then((response) => response.body as State);

  async function requestPoc(
    account: string,
    as: Identity,
    profile: { industry: string; product: string; channel?: string },
  ): Promise<string> {
    const response = await stack.request(
      'POST',
      '/api/pocs',
      {
        account,
        region: as.regions![0],
        opportunity: { id: 'opp-1', amount: 100_000, currency: 'CNY' },
        salesOwner: as.subject,
        criteria: [{ description: 'Orders sync', measuredBy: 'latency' }],
        plannedStart: today(),
        durationDays: 30,
        ...profile,
      },
      { as },
    );
    expect(response.status).toBe(201);
    return response.body.trialId;
  }

  async function activate(trialId: string, sales: Identity, ops: Identity): Promise<void> {
    await act('pocs', trialId, 'approve', {}, ops);
    await eventually(
      () => read('pocs', trialId),
      (state) => state.provisioning?.byHand === true,
      30_000,
    );
    await act('pocs', trialId, 'provisioning/manual', { environmentUrl: 'https://trial.example' }, ops);
    await act('pocs', trialId, 'kickoff', {}, sales);
  }

  async function requestDeal(account: string, as: Identity, extra: Record<string, unknown>): Promise<string> {
    const response = await stack.request(
      'POST',
      '/api/deals',
      {
        account,
        region: as.regions![0],
        opportunity: { id: 'opp-1', amount: 300_000, currency: 'CNY' },
        dealStage: 'proposal',
        supportTypes: ['customer-visit'],
        dueDate: addCalendarDays(today(), 30),
        salesOwner: as.subject,
        ...extra,
      },
      { as },
    );
    expect(response.status).toBe(201);
    return response.body.dealId;
  }

  async function winDeal(dealId: string, sales: Identity): Promise<string> {
    // A converted trial's deal starts a moment after the conversion answers (its template plan is read first).
    await read('deals', dealId);
    await act('deals', dealId, 'accept', { assignees: { 'customer-visit': [PRESALES.subject] } }, PRESALES);
    await act(
      'deals',
      dealId,
      'support-log',
      { supportType: 'customer-visit', summary: 'Visited', outcome: 'Keen' },
      PRESALES,
    );
    await act('deals', dealId, 'won', { note: 'signed' }, sales);
    return dealId.replace(/^deal:/, 'handoff:');
  }

  async function acceptPackage(handoffId: string, sales: Identity): Promise<void> {
    await read('handoffs', handoffId);
    await act(
      'handoffs',
      handoffId,
      'package',
      {
        items: [
          { key: 'contract', link: 'https://crm.example/contract.pdf' },
          { key: 'scope', text: 'SOW' },
          { key: 'known-risks', text: 'Migration' },
          { key: 'requirements', text: 'Branch rollout' },
          { key: 'commitments', text: 'Chinese UI' },
        ],
        stakeholders: FIXTURE_STAKEHOLDERS,
        targetGoLive: addCalendarDays(today(), 90),
      },
      sales,
    );
    await act('handoffs', handoffId, 'submit', {}, sales);
    await act('handoffs', handoffId, 'accept', {}, PM);
  }

  async function goLiveAndRenew(handoffId: string): Promise<void> {
    await act('handoffs', handoffId, 'kickoff', {}, PM);
    for (const key of ['requirements-confirmed', 'spec-confirmed', 'build-configured', 'tested'])
      await act('handoffs', handoffId, `milestones/${key}/complete`, {}, PM);
    await act(
      'handoffs',
      handoffId,
      'customer-acceptance',
      { signedBy: 'Dana', signedOn: today(), evidence: { note: 'signed' } },
      PM,
    );
    await act('handoffs', handoffId, 'milestones/customer-acceptance/complete', {}, PM);
    const handedOver = await act(
      'handoffs',
      handoffId,
      'handover',
      {
        termStart: today(),
        contractEnd: addCalendarDays(today(), 364),
        annualValue: 200_000,
        tier: 'key',
        customerSuccessOwner: CS.subject,
      },
      PM,
    );
    expect(handedOver.stage).toBe('handed_over');
    const renewalId = handoffId.replace(/^handoff:/, 'renewal:');
    await read('renewals', renewalId);
    await act('renewals', renewalId, 'outcome', { outcome: 'renewed' }, CS);
  }

  /** The figures again, from the cases' live states, by README "Insights"'s definitions. */
  function expected(pocs: State[], deals: State[], handoffs: State[], renewals: State[], keep: (o: State) => boolean) {
    const opportunities = [
      ...pocs.map((poc): State => ({ ...poc, id: poc.trialId, origin: 'poc', products: [poc.product] })),
      ...deals.filter((deal) => !deal.source).map((deal): State => ({ ...deal, id: deal.dealId, origin: 'deal' })),
    ]
      .map((o): State => ({
        ...o,
        channel: o.channel ?? o.profile?.channel ?? null,
        industry: o.industry ?? o.profile?.industry ?? null,
        products: o.origin === 'poc' ? o.products : (o.profile?.products ?? []),
      }))
      .filter(keep);
    const chain = opportunities.map((o) => {
      const deal = o.origin === 'deal' ? o : deals.find((each) => each.source?.id === o.id);
      const handoff = handoffs.find((each) => each.source?.id === o.id || (deal && each.source?.id === deal.dealId));
      const converted = o.origin === 'poc' && o.stage === 'converted';
      const won = deal?.stage === 'closed_won';
      const signed = won ? deal : converted && !deal && handoff ? o : undefined;
      const renewal = handoff && renewals.find((each) => each.source?.id === handoff.handoffId);
      return {
        id: o.id,
        origin: o.origin,
        poc: o.origin === 'poc' ? o : undefined,
        deal,
        region: o.region,
        channel: o.channel as string | null,
        industry: o.industry as string | null,
        products: o.products as string[],
        requestedAt: o.requestedAt as string,
        converted,
        signedAt: signed ? (signed.outcome.at as string) : null,
        signedValue: signed ? (signed.opportunity.amount as number) : null,
        handoff,
        accepted: Boolean(handoff?.stageHistory.some((entry: State) => entry.stage === 'accepted')),
        liveAt: (handoff?.stageHistory.find((entry: State) => entry.stage === 'accepted_by_customer')?.enteredAt ??
          null) as string | null,
        renewal,
        renewed: Boolean(
          renewal?.pastTerms.some((term: State) => ['renewed', 'expanded', 'downgraded'].includes(term.outcome)),
        ),
      };
    });
    const count = (rows: typeof chain, test: (row: (typeof chain)[number]) => boolean) => rows.filter(test).length;
    const funnel = (origin: 'poc' | 'deal') => {
      const rows = chain.filter((row) => row.origin === origin);
      const steps: [string, number][] = [
        ['requested', rows.length],
        ...(origin === 'poc' ? [['converted', count(rows, (row) => row.converted)] as [string, number]] : []),
        ['won', count(rows, (row) => row.signedAt !== null)],
        ['accepted', count(rows, (row) => row.accepted)],
        ['live', count(rows, (row) => row.liveAt !== null)],
        ['renewed', count(rows, (row) => row.renewed)],
      ];
      return {
        origin,
        steps: steps.map(([step, n], index) => ({
          step,
          count: n,
          conversion: index === 0 ? null : share(n, steps[index - 1]![1]),
        })),
      };
    };
    // Over the exact stays, to the millisecond: the report must give these very numbers.
    const spread = (values: number[]) => ({
      count: values.length,
      p50: tenth(percentile(values, 0.5)),
      p90: tenth(percentile(values, 0.9)),
    });
    const channels = [...new Set(chain.map((row) => row.channel))].map((channel) => {
      const rows = chain.filter((row) => row.channel === channel);
      const won = count(rows, (row) => row.signedAt !== null);
      return {
        channel,
        leads: rows.length,
        share: share(rows.length, chain.length),
        converted: count(rows, (row) => row.converted),
        won,
        winRate: share(won, rows.length),
        wonValue: rows.reduce((sum, row) => sum + (row.signedValue ?? 0), 0),
      };
    });
    const projects = chain.filter((row) => row.handoff);
    const tally = <K extends string>(keys: string[], name: K) =>
      [...new Set(keys)].map((key) => ({ [name]: key, projects: keys.filter((each) => each === key).length }));
    const caseStages = (cases: State[], playbook: string) =>
      cases.flatMap((each) =>
        each.stageHistory.slice(0, -1).map((entry: State, index: number) => ({
          playbook,
          stage: entry.stage as string,
          days: daysBetween(entry.enteredAt, each.stageHistory[index + 1].enteredAt),
        })),
      );
    const visits = [
      ...caseStages(
        chain.filter((row) => row.origin === 'poc').map((row) => pocs.find((poc) => poc.trialId === row.id)!),
        'poc',
      ),
      ...caseStages(
        chain
          .map((row) =>
            deals.find(
              (deal) =>
                deal.dealId === (row.origin === 'deal' ? row.id : deals.find((d) => d.source?.id === row.id)?.dealId),
            ),
          )
          .filter(Boolean) as State[],
        'deal',
      ),
      ...caseStages(
        projects.map((row) => row.handoff!),
        'handoff',
      ),
    ];
    const stageKeys = [...new Set(visits.map((visit) => `${visit.playbook}|${visit.stage}`))].sort();
    const openProjects = projects
      .map((row) => row.handoff!)
      .filter((h) => !['handed_over', 'cancelled'].includes(h.stage));
    const doneMilestones = projects.flatMap((row) =>
      row.handoff!.milestones.filter((m: State) => m.status === 'done' && m.completedAt),
    );
    const doneSteps = projects.flatMap((row) => row.renewal?.term.steps.filter((s: State) => s.doneAt) ?? []);
    const pocRows = chain
      .filter((row) => row.origin === 'poc')
      .map((row) => pocs.find((poc) => poc.trialId === row.id)!);
    const dealRows = chain
      .map((row) =>
        row.origin === 'deal' ? deals.find((d) => d.dealId === row.id) : deals.find((d) => d.source?.id === row.id),
      )
      .filter(Boolean) as State[];
    const sla = (playbook: string, measure: string, measured: number, met: number) => ({
      playbook,
      measure,
      measured,
      met,
      attainment: share(met, measured),
    });
    // Effort: the role-stamped events of each opportunity's trial, deal, handoff and renewal.
    const each = (total: number, cases: number) => (cases === 0 ? null : Math.round((total / cases) * 10) / 10);
    const people = (events: State[]) => new Set(events.map((event) => event.actor)).size;
    const minutesOf = (events: State[]) => events.reduce((sum, event) => sum + (event.effortMinutes ?? 0), 0);
    const worked = chain.map((row) =>
      (
        [
          ['poc', row.poc],
          ['deal', row.deal],
          ['handoff', row.handoff],
          ['renewal', row.renewal],
        ] as const
      ).flatMap(([playbook, state]) =>
        ((state?.timeline ?? []) as State[])
          .filter((event) => event.actorRole)
          .map((event): State => ({ ...event, step: `${playbook}:${event.actorRole}` })),
      ),
    );
    const effortSteps = [...new Set(worked.flat().map((event) => event.step))].map((step) => {
      const perCase = worked.map((events) => events.filter((event) => event.step === step)).filter((e) => e.length);
      const minutes = minutesOf(perCase.flat());
      const [playbook, role] = step.split(':');
      return {
        playbook,
        role,
        entries: perCase.flat().length,
        minutes,
        cases: perCase.length,
        minutesPerCase: each(minutes, perCase.length),
        peoplePerCase: each(
          perCase.reduce((sum, events) => sum + people(events), 0),
          perCase.length,
        ),
      };
    });
    const wonWork = worked.filter((_, index) => chain[index]!.signedAt !== null);
    const wonDeals = wonWork.length;
    const effort = {
      steps: effortSteps,
      won: {
        deals: wonDeals,
        wonValue: chain.reduce((sum, row) => sum + (row.signedValue ?? 0), 0),
        minutes: minutesOf(wonWork.flat()),
        minutesPerDeal: each(minutesOf(wonWork.flat()), wonDeals),
        peoplePerDeal: each(
          wonWork.reduce((sum, events) => sum + people(events), 0),
          wonDeals,
        ),
        roles: [...new Set(wonWork.flat().map((event) => event.actorRole as string))].sort().map((role) => {
          const perDeal = wonWork.map((events) => events.filter((event) => event.actorRole === role));
          return {
            role,
            minutes: minutesOf(perDeal.flat()),
            minutesPerDeal: each(minutesOf(perDeal.flat()), wonDeals),
            peoplePerDeal: each(
              perDeal.reduce((sum, events) => sum + people(events), 0),
              wonDeals,
            ),
          };
        }),
      },
    };
    return {
      chain,
      effort,
      funnel: [funnel('poc'), funnel('deal')],
      cycleTimes: {
        toSigning: spread(
          chain.filter((row) => row.signedAt).map((row) => daysBetween(row.requestedAt, row.signedAt!)),
        ),
        toGoLive: spread(chain.filter((row) => row.liveAt).map((row) => daysBetween(row.requestedAt, row.liveAt!))),
        stages: stageKeys.map((key) => {
          const [playbook, stage] = key.split('|');
          return {
            playbook,
            stage,
            ...spread(visits.filter((v) => v.playbook === playbook && v.stage === stage).map((v) => v.days)),
          };
        }),
      },
      sla: [
        sla('poc', 'approval', pocRows.length, pocRows.filter((poc) => !poc.approval.overdue).length),
        sla('deal', 'response', dealRows.length, dealRows.filter((deal) => !deal.response.overdue).length),
        sla(
          'handoff',
          'milestones',
          doneMilestones.length,
          doneMilestones.filter((m: State) => m.completedAt.slice(0, 10) <= m.plannedDueDate).length,
        ),
        sla(
          'renewal',
          'steps',
          doneSteps.length,
          doneSteps.filter((s: State) => s.doneAt.slice(0, 10) <= s.dueDate).length,
        ),
      ],
      delivery: {
        byStage: tally(
          projects.map((row) => row.handoff!.stage as string),
          'stage',
        ).map(({ stage, projects: n }) => ({ stage, count: n })),
        open: openProjects.length,
        atRisk: openProjects.filter((h) => h.atRisk).length,
        overdue: openProjects.filter((h) => h.overdue).length,
        slippingMilestones: openProjects.flatMap((h) =>
          h.milestones.filter((m: State) => m.status !== 'done' && (m.slips.length > 0 || m.overdue)),
        ).length,
        goLiveByMonth: tally(
          openProjects.filter((h) => h.projectedGoLive).map((h) => (h.projectedGoLive as string).slice(0, 7)),
          'month',
        ).map(({ month, projects: n }) => ({ month, count: n })),
      },
      channels,
      products: {
        projects: projects.length,
        byRegion: tally(
          projects.map((row) => row.region),
          'region',
        ),
        byIndustry: tally(
          projects.map((row) => row.industry as string),
          'industry',
        ),
        byProduct: projects
          .flatMap((row) => row.products.map((product) => `${row.region}|${product}`))
          .filter((key, index, all) => all.indexOf(key) === index)
          .map((key) => {
            const [region, product] = key.split('|');
            return {
              region,
              product,
              projects: projects.filter((row) => row.region === region && row.products.includes(product!)).length,
            };
          }),
      },
    };
  }

  const sortBy = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

  it('answers every figure as computed from the cases themselves, in the window, filters and regions asked', async () => {
    // A: the whole chain. POC (search) -> deal -> won -> handoff -> live -> handed over -> renewed.
    const a = await requestPoc('Alpha', SALES_EAST, { industry: 'retail', product: 'Baton CRM', channel: 'search' });
    await activate(a, SALES_EAST, OPS_EAST);
    await act(
      'pocs',
      a,
      'convert',
      {
        nextStep: 'deal-support',
        dealSupport: { supportTypes: ['customer-visit'], dueDate: addCalendarDays(today(), 30), dealStage: 'proposal' },
      },
      SALES_EAST,
    );
    const aHandoff = await winDeal(a.replace(/^poc:/, 'deal:'), SALES_EAST);
    await acceptPackage(aHandoff, SALES_EAST);
    await goLiveAndRenew(aHandoff);
    // B: a trial converted straight to delivery, accepted by the project manager.
    const b = await requestPoc('Beta', SALES_WEST, { industry: 'finance', product: 'Baton BI', channel: 'tender' });
    await activate(b, SALES_WEST, OPS_WEST);
    await act('pocs', b, 'convert', { nextStep: 'delivery-handoff' }, SALES_WEST);
    await acceptPackage(b.replace(/^poc:/, 'handoff:'), SALES_WEST);
    // C rejected, D still waiting (no channel).
    const c = await requestPoc('Gamma', SALES_EAST, { industry: 'retail', product: 'Baton BI', channel: 'search' });
    await act('pocs', c, 'reject', { reason: 'no budget' }, OPS_EAST);
    const d = await requestPoc('Delta', SALES_EAST, { industry: 'finance', product: 'Baton CRM' });
    // E: a deal requested directly (two products), won, its package still pending; F withdrawn.
    const e = await requestDeal('Epsilon', SALES_EAST, {
      channel: 'tender',
      industry: 'retail',
      products: ['Baton CRM', 'Baton BI'],
    });
    await winDeal(e, SALES_EAST);
    const f = await requestDeal('Zeta', SALES_WEST, { channel: 'search', industry: 'finance', products: ['Baton BI'] });
    await act('deals', f, 'withdraw', { reason: 'customer paused' }, SALES_WEST);

    // The read model's timeline keeps the role each person acted in and the minutes they recorded.
    const timeline = await eventually(
      () => stack.request('GET', `/api/pocs/${seg(a)}/timeline`, undefined, { as: OPS }),
      (response) => response.body.items?.some((event: State) => event.type === 'poc.converted'),
      30_000,
    );
    const stamped = (timeline.body.items as State[]).filter((event) => event.actorRole);
    expect(new Set(stamped.map((event) => `${event.actor} ${event.actorRole}`))).toEqual(
      new Set([`${OPS_EAST.subject} regional_ops`, `${SALES_EAST.subject} sales`]),
    );
    expect(stamped.some((event) => event.effortMinutes > 0)).toBe(true);
    expect((timeline.body.items as State[]).filter((event) => event.actor === 'baton' && event.actorRole)).toEqual([]);
    // The carried profile: the won deal and its handoff and renewal know the trial's channel, industry and product.
    const aRenewal = await read('renewals', aHandoff.replace(/^handoff:/, 'renewal:'));
    expect(aRenewal.profile).toEqual({ channel: 'search', industry: 'retail', products: ['Baton CRM'] });

    const pocs = await Promise.all([a, b, c, d].map((id) => read('pocs', id)));
    const deals = await Promise.all([a.replace(/^poc:/, 'deal:'), e, f].map((id) => read('deals', id)));
    const handoffs = await Promise.all(
      [aHandoff, b.replace(/^poc:/, 'handoff:'), e.replace(/^deal:/, 'handoff:')].map((id) => read('handoffs', id)),
    );
    const renewals = [aRenewal];
    // Wait for the read model to hold every case's latest state.
    await eventually(
      () => stack.request('GET', '/api/insights/funnel', undefined, { as: OPS }),
      (response) =>
        response.body.funnels?.[0]?.steps.at(-1)?.count === 1 && response.body.funnels[1].steps[1].count === 1,
      30_000,
    );

    // Two windows: days read from each opportunity's facts, and a whole month read from the monthly rollup.
    const dayWindow = `from=${addCalendarDays(today(), -1)}&to=${today()}`;
    const firstOfMonth = `${today().slice(0, 8)}01`;
    const monthWindow = `from=${firstOfMonth}&to=${addCalendarDays(addCalendarDays(firstOfMonth, 31).slice(0, 8) + '01', -1)}`;
    let window = dayWindow;
    const check = async (as: Identity, filter: string, keep: (o: State) => boolean) => {
      const want = expected(pocs, deals, handoffs, renewals, keep);
      const get = async (report: string) => {
        const [name, extra] = report.split('?');
        const query = `${window}${filter}${extra ? `&${extra}` : ''}`;
        const response = await stack.request('GET', `/api/insights/${name}?${query}`, undefined, { as });
        expect({ report, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({
          report,
          status: 200,
          body: undefined,
        });
        return response.body;
      };
      expect((await get('funnel')).funnels).toEqual(want.funnel);
      const cycle = await get('cycle-times');
      expect({
        ...cycle,
        from: undefined,
        to: undefined,
        stages: sortBy(cycle.stages, (s: State) => `${s.playbook}|${s.stage}`),
      }).toEqual({ from: undefined, to: undefined, ...want.cycleTimes });
      expect(sortBy((await get('sla')).items, (s: State) => s.playbook)).toEqual(sortBy(want.sla, (s) => s.playbook));
      const delivery = await get('delivery');
      expect({
        ...delivery,
        from: undefined,
        to: undefined,
        byStage: sortBy(delivery.byStage, (s: State) => s.stage),
      }).toEqual({
        from: undefined,
        to: undefined,
        ...want.delivery,
        byStage: sortBy(want.delivery.byStage, (s) => String(s.stage)),
      });
      expect(sortBy((await get('channels')).items, (s: State) => String(s.channel))).toEqual(
        sortBy(want.channels, (s) => String(s.channel)),
      );
      const products = await get('products');
      expect({
        projects: products.projects,
        byRegion: sortBy(products.byRegion, (s: State) => s.region),
        byIndustry: sortBy(products.byIndustry, (s: State) => String(s.industry)),
        byProduct: sortBy(products.byProduct, (s: State) => `${s.region}|${s.product}`),
      }).toEqual({
        projects: want.products.projects,
        byRegion: sortBy(want.products.byRegion, (s) => String(s.region)),
        byIndustry: sortBy(want.products.byIndustry, (s) => String(s.industry)),
        byProduct: sortBy(want.products.byProduct, (s) => `${s.region}|${s.product}`),
      });
      const effort = await get('effort');
      expect({ ...effort.won, roles: sortBy(effort.won.roles, (r: State) => r.role) }).toEqual(want.effort.won);
      expect(sortBy(effort.steps, (s: State) => `${s.playbook}:${s.role}`)).toEqual(
        sortBy(want.effort.steps, (s) => `${s.playbook}:${s.role}`),
      );
      // Drill-down: the cases behind each funnel step are exactly those counted.
      for (const step of ['requested', 'converted', 'won', 'accepted', 'live', 'renewed'] as const) {
        const cases = await get(`cases?step=${step}`);
        const test = {
          requested: () => true,
          converted: (row: State) => row.converted,
          won: (row: State) => row.signedAt !== null,
          accepted: (row: State) => row.accepted,
          live: (row: State) => row.liveAt !== null,
          renewed: (row: State) => row.renewed,
        }[step];
        expect(cases.items.map((row: State) => row.id).sort()).toEqual(
          want.chain
            .filter(test)
            .map((row) => row.id)
            .sort(),
        );
      }
      return want;
    };

    for (const each of [dayWindow, monthWindow]) {
      window = each;
      const all = await check(OPS, '', () => true);
      // The numbers say something: every step of the POC funnel has a case, and both channels count.
      expect(all.funnel[0]!.steps.map((step) => step.count)).toEqual([4, 2, 2, 2, 1, 1]);
      expect(all.funnel[1]!.steps.map((step) => step.count)).toEqual([2, 1, 0, 0, 0]);
      // Effort was recorded on every step of the chain, in the roles that acted.
      expect(new Set(all.effort.steps.map((step) => step.playbook))).toEqual(
        new Set(['poc', 'deal', 'handoff', 'renewal']),
      );
      expect(all.effort.won.minutes).toBeGreaterThan(0);
      await check(SALES_EAST, '', (o) => o.region === 'east');
      await check(OPS, '&industry=retail', (o) => o.industry === 'retail');
      await check(OPS, `&product=${seg('Baton BI')}`, (o) => o.products.includes('Baton BI'));
      await check(OPS, '&channel=search', (o) => o.channel === 'search');
      await check(OPS, '&region=west', (o) => o.region === 'west');
    }
    // A window before any of them: nothing.
    const before = await stack.request('GET', '/api/insights/funnel?from=2020-01-01&to=2020-12-31', undefined, {
      as: OPS,
    });
    expect(before.body.funnels[0].steps[0]).toEqual({ step: 'requested', count: 0, conversion: null });
    const backwards = await stack.request('GET', '/api/insights/funnel?from=2026-02-01&to=2026-01-01', undefined, {
      as: OPS,
    });
    expect(backwards.status).toBe(400);
  });

  it('keeps the rollups equal to the chain computed again from the case rows', async () => {
    const db = stack.baton.db;
    // What the projections stored, and the same computed now from poc_trial, deal_case, handoff and renewal rows.
    const read = async () => ({
      opportunities: await db.$queryRawUnsafe<State[]>('SELECT * FROM insights_opportunity ORDER BY id'),
      live: await db.$queryRawUnsafe<State[]>('SELECT * FROM insights_chain_live ORDER BY id'),
      facts: await db.$queryRawUnsafe<State[]>(`
        SELECT opportunity_id, requested_at, region, channel, industry, products, origin, measure, bucket,
               sum(n)::int AS n, sum(value)::float8 AS value
        FROM insights_fact GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 8, 9`),
      liveFacts: await db.$queryRawUnsafe<State[]>(`
        SELECT opportunity_id, requested_at, region, channel, industry, products, origin, measure, bucket,
               sum(n)::int AS n, sum(value)::float8 AS value
        FROM insights_fact_live GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 8, 9`),
      months: await db.$queryRawUnsafe<State[]>(`
        SELECT month, region, channel, industry, products, origin, measure, bucket, n::int AS n, value
        FROM insights_month WHERE n <> 0 OR value <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`),
      liveMonths: await db.$queryRawUnsafe<State[]>(`
        SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date AS month, region, channel, industry, products,
               origin, measure, bucket, sum(n)::int AS n, sum(value)::float8 AS value
        FROM insights_fact_live GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`),
      slices: await db.$queryRawUnsafe<State[]>(`
        SELECT month, region, origin, dim, dim_value, measure, bucket, n::int AS n, value
        FROM insights_slice WHERE n <> 0 OR value <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
      liveSlices: await db.$queryRawUnsafe<State[]>(`
        SELECT date_trunc('month', f.requested_at AT TIME ZONE 'UTC')::date AS month, f.region, f.origin, s.dim,
               s.dim_value, f.measure, f.bucket, sum(f.n)::int AS n, sum(f.value)::float8 AS value
        FROM insights_fact_live f CROSS JOIN LATERAL (${PER_DIMENSION('f')}) s
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
      daySlices: await db.$queryRawUnsafe<State[]>(`
        SELECT day, region, origin, dim, dim_value, measure, bucket, n::int AS n, value
        FROM insights_slice_day WHERE n <> 0 OR value <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
      liveDaySlices: await db.$queryRawUnsafe<State[]>(`
        SELECT (f.requested_at AT TIME ZONE 'UTC')::date AS day, f.region, f.origin, s.dim, s.dim_value, f.measure,
               f.bucket, sum(f.n)::int AS n, sum(f.value)::float8 AS value
        FROM insights_fact_live f CROSS JOIN LATERAL (${PER_DIMENSION('f')}) s
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`),
      bands: await db.$queryRawUnsafe<State[]>(`
        SELECT month, region, dim, dim_value, key, band, n::int AS n
        FROM insights_stay_band WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`),
      liveBands: await db.$queryRawUnsafe<State[]>(`
        SELECT date_trunc('month', t.requested_at AT TIME ZONE 'UTC')::date AS month, r.region, s.dim, s.dim_value,
               t.key, t.band, count(*)::int AS n
        FROM (SELECT *, floor(ln(1 + greatest(days, 0) * 86400) * 8 / ln(2))::int AS band FROM insights_stay_live) t
        CROSS JOIN LATERAL (SELECT t.region AS region UNION ALL SELECT '') r CROSS JOIN LATERAL (${PER_DIMENSION('t')}) s
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`),
      stays: await db.$queryRawUnsafe<State[]>('SELECT * FROM insights_stay ORDER BY opportunity_id, key, days'),
      liveStays: await db.$queryRawUnsafe<State[]>(`
        SELECT *, floor(ln(1 + greatest(days, 0) * 86400) * 8 / ln(2))::int AS band
        FROM insights_stay_live ORDER BY opportunity_id, key, days`),
    });
    const agree = (now: Awaited<ReturnType<typeof read>>) =>
      JSON.stringify([now.opportunities, now.facts, now.months, now.slices, now.daySlices, now.stays, now.bands]) ===
      JSON.stringify([
        now.live,
        now.liveFacts,
        now.liveMonths,
        now.liveSlices,
        now.liveDaySlices,
        now.liveStays,
        now.liveBands,
      ]);
    // A late projection may still be on its way; the stored rollups must come to equal the recomputation.
    const now = await eventually(read, agree, 30_000).catch(() => read());
    expect(now.opportunities).toEqual(now.live);
    expect(now.facts).toEqual(now.liveFacts);
    expect(now.months).toEqual(now.liveMonths);
    expect(now.slices).toEqual(now.liveSlices);
    expect(now.daySlices).toEqual(now.liveDaySlices);
    expect(now.stays).toEqual(now.liveStays);
    expect(now.bands).toEqual(now.liveBands);
    expect(now.bands.length).toBeGreaterThan(6);
    expect(now.stays.length).toBeGreaterThan(6);
    // The comparison is over something: six opportunities, the whole chain's steps among their facts.
    expect(now.live).toHaveLength(6);
    expect([...new Set(now.facts.map((fact) => fact.measure))]).toEqual(
      expect.arrayContaining([...'requested converted won accepted live renewed project'.split(' ')]),
    );
    expect([...new Set(now.stays.map((stay) => stay.key))]).toEqual(expect.arrayContaining(['cycle:to_signing']));
  });
});
