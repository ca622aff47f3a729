import { addCalendarDays } from '../../domain/shared/business-calendar';
import { HANDOFF_TEMPLATE } from '../../domain/handoff/shipped-template';
import { RENEWAL_TEMPLATE } from '../../domain/renewal/shipped-template';
import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { FIXTURE_STAKEHOLDERS } from '../helpers/handoff-fixtures';
import { HANDOFF_PLAN_V2_CHANGE } from '../helpers/handoff-plans';
import { RENEWAL_PLAN_V2_CHANGE } from '../helpers/renewal-plans';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const CS: Identity = { subject: 'cora@hq.example', roles: ['customer_success'] };

type State = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Issue 20: cases started by the case before run on templates too. A converted trial's deal, the won
 * deal's handoff and the handed-over handoff's renewal each pin a template version when the real
 * workflows start them (resolved by an activity, as the API resolves one): the latest deal-support and
 * delivery-handoff templates, and the template mapped to the renewal's customer tier; each keeps its
 * version when a newer one is published.
 */
describe.each(databaseKinds())('cases started by the case before, on templates, on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const seg = encodeURIComponent;
  const act = async (collection: string, id: string, suffix: string, payload: object, as: Identity) => {
    const response = await stack.request('POST', `/api/${collection}/${seg(id)}/${suffix}`, payload, { as });
    if (response.status !== 200)
      throw new Error(`${suffix} on ${id}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as State;
  };
  const read = (collection: string, id: string) =>
    eventually(
      () => stack.request('GET', `/api/${collection}/${seg(id)}`, undefined, { as: OPS }),
      (response) => response.status === 200,
      30_000,
    ).then((response) => response.body as State);
  const publish = async (key: string, definition: object, basedOn: number) => {
    const response = await stack.request(
      'POST',
      `/api/templates/${key}/publish`,
      { definition, reason: 'chained cases test', basedOn },
      { as: OPS },
    );
    expect(response.status).toBe(201);
  };

  it('pins the latest template (the tier’s for a renewal) into a deal, a handoff and a renewal the case before starts', async () => {
    // Delivery-handoff v2 (no known risks, a 2-day package SLA) and a strategic tier with its own renewal template.
    await publish('delivery-handoff', { ...HANDOFF_TEMPLATE, ...HANDOFF_PLAN_V2_CHANGE }, 1);
    const strategic = { ...RENEWAL_TEMPLATE, ...RENEWAL_PLAN_V2_CHANGE, key: 'renewal-strategic', name: 'Strategic' };
    expect(
      (await stack.request('POST', '/api/templates/renewal-strategic/versions', strategic, { as: OPS })).status,
    ).toBe(201);
    const tier = await stack.request(
      'PUT',
      '/api/renewal-tier-templates/strategic',
      { templateKey: 'renewal-strategic' },
      { as: OPS },
    );
    expect(tier.status).toBe(201);

    // A trial, converted into deal support.
    const trial = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Chain Co',
        region: 'east',
        opportunity: { id: 'opp-1', amount: 100_000, currency: 'CNY' },
        salesOwner: SALES.subject,
        criteria: [{ description: 'Orders sync', measuredBy: 'latency' }],
        plannedStart: today(),
        durationDays: 30,
        product: 'Baton CRM',
        industry: 'retail',
      },
      { as: SALES },
    );
    expect({ status: trial.status, detail: trial.body.detail }).toEqual({ status: 201, detail: undefined });
    const trialId: string = trial.body.trialId;
    await act('pocs', trialId, 'approve', {}, OPS_EAST);
    await eventually(
      () => read('pocs', trialId),
      (state) => state.provisioning?.byHand === true,
      30_000,
    );
    await act('pocs', trialId, 'provisioning/manual', { environmentUrl: 'https://trial.example' }, OPS_EAST);
    await act('pocs', trialId, 'kickoff', {}, SALES);
    await act(
      'pocs',
      trialId,
      'convert',
      {
        nextStep: 'deal-support',
        dealSupport: { supportTypes: ['customer-visit'], dueDate: addCalendarDays(today(), 30), dealStage: 'proposal' },
      },
      SALES,
    );
    const dealId = trialId.replace(/^poc:/, 'deal:');
    const deal = await read('deals', dealId);
    expect(deal.source).toMatchObject({ playbook: 'poc-trial', id: trialId });
    expect(deal.template).toEqual({ key: 'deal-support', version: 1, name: 'Deal support' });

    // The won deal starts the handoff on delivery-handoff v2 (published before it started).
    await act('deals', dealId, 'accept', { assignees: { 'customer-visit': [PRESALES.subject] } }, PRESALES);
    await act(
      'deals',
      dealId,
      'support-log',
      { supportType: 'customer-visit', summary: 'Visited', outcome: 'Keen' },
      PRESALES,
    );
    await act('deals', dealId, 'won', { note: 'signed' }, SALES);
    const handoffId = dealId.replace(/^deal:/, 'handoff:');
    const handoff = await read('handoffs', handoffId);
    expect(handoff.template).toEqual({ key: 'delivery-handoff', version: 2, name: 'Delivery handoff' });
    expect(handoff.rules.packageSla).toEqual({ days: 2, unit: 'business-days' });
    expect(handoff.packageItems.map((item: { key: string }) => item.key)).not.toContain('known-risks');

    // A v3 published now reaches no handoff in flight.
    await publish('delivery-handoff', { ...HANDOFF_TEMPLATE }, 2);
    expect((await read('handoffs', handoffId)).template).toMatchObject({ version: 2 });

    // Accepted, live and handed over as a strategic customer: the renewal runs on the strategic tier's template.
    await act(
      'handoffs',
      handoffId,
      'package',
      {
        items: [
          { key: 'contract', link: 'https://crm.example/contract.pdf' },
          { key: 'scope', text: 'SOW' },
          { key: 'requirements', text: 'Branch rollout' },
          { key: 'commitments', text: 'Chinese UI' },
        ],
        stakeholders: FIXTURE_STAKEHOLDERS,
        targetGoLive: addCalendarDays(today(), 90),
      },
      SALES,
    );
    await act('handoffs', handoffId, 'submit', {}, SALES);
    await act('handoffs', handoffId, 'accept', {}, PM);
    await act('handoffs', handoffId, 'kickoff', {}, PM);
    // v2's plan has a training milestone before the acceptance.
    for (const key of ['requirements-confirmed', 'spec-confirmed', 'build-configured', 'tested', 'users-trained'])
      await act('handoffs', handoffId, `milestones/${key}/complete`, {}, PM);
    await act(
      'handoffs',
      handoffId,
      'customer-acceptance',
      { signedBy: 'Dana', signedOn: today(), evidence: { note: 'signed' } },
      PM,
    );
    await act('handoffs', handoffId, 'milestones/customer-acceptance/complete', {}, PM);
    const contractEnd = addCalendarDays(today(), 364);
    await act(
      'handoffs',
      handoffId,
      'handover',
      { termStart: today(), contractEnd, annualValue: 200_000, tier: 'strategic', customerSuccessOwner: CS.subject },
      PM,
    );
    const renewal = await read('renewals', handoffId.replace(/^handoff:/, 'renewal:'));
    expect(renewal.source).toMatchObject({ playbook: 'delivery-handoff', id: handoffId });
    expect(renewal.template).toEqual({ key: 'renewal-strategic', version: 1, name: 'Strategic' });
    expect(renewal.rules).toEqual(RENEWAL_PLAN_V2_CHANGE.rules);
    expect(renewal.term.steps.map((step: { dueDate: string }) => step.dueDate)).toEqual(
      [180, 150, 100, 45].map((days) => addCalendarDays(contractEnd, -days)),
    );
  });
});
