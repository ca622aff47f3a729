import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { requestJson } from '../helpers/http';
import { PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { wordText } from '../../domain/shared/text';

/**
 * CRM contracts and deal-support cases (issue 18), end to end on a real Temporal server: a signed
 * Salesforce Contract starts the renewal by update-with-start under its business id and a later
 * version moves its dates (an older one arriving late is ignored field by field); a HubSpot-shaped
 * contract starts another; an opportunity's changes reach its deal-support case through the
 * integrationsDealCrmDetails Update (on its timeline), and closed-won closes the case won.
 */

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const SAMPLES = path.join(__dirname, '../../domain/integrations/samples');
const sample = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(SAMPLES, name), 'utf8'));

function crmSender(apiUrl: string, source: string, secret: string) {
  return async (eventId: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    const at = new Date();
    return requestJson(apiUrl, 'POST', `/api/integrations/${source}/events`, body, {
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(eventId, at, body),
    });
  };
}

describe.each(databaseKinds())('CRM contracts and deal-support cases on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;
  let salesforce: ReturnType<typeof crmSender>;
  let hubspot: ReturnType<typeof crmSender>;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
    const secret = async (source: string) =>
      (await stack.request('POST', `/api/integrations/${source}/secret`, undefined, { as: ADMIN })).body
        .secret as string;
    salesforce = crmSender(stack.apiUrl, 'salesforce', await secret('salesforce'));
    hubspot = crmSender(stack.apiUrl, 'hubspot', await secret('hubspot'));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const read = (url: string) => stack.request('GET', url, undefined, { as: ADMIN });

  it('starts a renewal from a contract and moves its dates by the CRM modification time', async () => {
    const renewalId = 'renewal:Acme%20Retail:800Dn00000AcmeCTR';
    const dry = await stack.request(
      'POST',
      '/api/integrations/salesforce/mapping/dry-run',
      { payload: sample('salesforce-contract-activated.json') },
      { as: ADMIN },
    );
    expect(dry.body).toMatchObject({ ok: true, commands: ['renew-contract'], workflowId: renewalId });

    const started = await salesforce('sf-ctr-1', sample('salesforce-contract-activated.json'));
    expect(started.status).toBe(200);
    expect(started.body.outcomes).toEqual([
      {
        command: 'renew-contract',
        workflowId: renewalId,
        outcome: 'started',
        applied: [],
        ignored: ['termStart', 'contractEnd', 'value'],
      },
    ]);
    expect((await salesforce('sf-ctr-1', sample('salesforce-contract-activated.json'))).body.duplicate).toBe(true);
    expect((await read(`/api/renewals/${encodeURIComponent(renewalId)}`)).body).toMatchObject({
      region: 'east',
      tier: 'key',
      startedBy: 'crm:salesforce',
      term: { number: 1, termStart: '2026-07-01', contractEnd: '2027-06-30', value: 120000 },
    });

    // The contract is extended (later modification): the end and value move, the open steps are dated again.
    const extended = await salesforce('sf-ctr-2', sample('salesforce-contract-extended.json'));
    expect(extended.body.outcomes[0]).toMatchObject({
      outcome: 'updated',
      applied: ['contractEnd', 'value'],
      ignored: ['termStart'],
    });
    // The activated version again under another event id (arriving late): older, so ignored field by field.
    const late = await salesforce('sf-ctr-1b', sample('salesforce-contract-activated.json'));
    expect(late.body.outcomes[0]).toMatchObject({ outcome: 'ignored', applied: [] });
    const renewal = (await read(`/api/renewals/${encodeURIComponent(renewalId)}`)).body;
    expect(renewal.term).toMatchObject({ contractEnd: '2027-09-30', value: 150000 });
    const outcomeStep = renewal.term.steps.find((step: { key: string }) => step.key === 'outcome');
    expect(outcomeStep.dueDate).toBe('2027-08-31');
    const crmEntries = renewal.timeline.filter((entry: { type: string }) => entry.type === 'renewal.crm-dates-updated');
    expect(crmEntries.map((entry: { summary: string }) => entry.summary)).toEqual([
      expect.stringMatching(
        /^The CRM \(salesforce\) updated the contract of the renewal of Acme Retail \(contract 800Dn00000AcmeCTR\): contract end 2027-06-30 → 2027-09-30, annual value 120000 CNY → 150000 CNY\. Open steps are due again from the new contract end: /,
      ),
    ]);
    // The board words the entry in the reader's language from its catalog text.
    expect(wordText(PLAYBOOK_TEXT, crmEntries[0].message, 'zh')).toMatch(
      /^CRM（salesforce）更新了Acme Retail 的续约（合同 800Dn00000AcmeCTR）的合同：合同到期 2027-06-30 → 2027-09-30、年合同额 120000 CNY → 150000 CNY。未完成的步骤按新的合同到期日重新排期：/,
    );

    // A HubSpot-shaped contract starts its own renewal.
    const globex = await hubspot('hs-ctr-1', sample('hubspot-contract.json'));
    expect(globex.body.outcomes[0]).toMatchObject({ workflowId: 'renewal:Globex:31415926', outcome: 'started' });
    expect((await read('/api/renewals/renewal%3AGlobex%3A31415926')).body).toMatchObject({
      region: 'west',
      currency: 'USD',
      term: { termStart: '2026-07-01', contractEnd: '2027-06-30', value: 48000 },
    });
  });

  it("updates a deal-support case's details from the CRM and closes it won on closed-won", async () => {
    const created = await stack.request(
      'POST',
      '/api/deals',
      {
        account: 'Initech',
        region: 'east',
        opportunity: { id: '006Dn00000InitOPP', amount: 40000, currency: 'CNY' },
        dealStage: 'Negotiation/Review',
        competitors: [],
        supportTypes: ['competitive-brief'],
        dueDate: '2030-03-15',
        salesOwner: 'sam',
      },
      { as: SALES },
    );
    expect(created.status).toBe(201);
    const dealId: string = created.body.dealId;
    const opportunity = (stage: string, amount: number, modifiedAt: string) => {
      const payload = sample('salesforce-opportunity-updated.json') as { sobject: Record<string, unknown> };
      Object.assign(payload.sobject, {
        Id: '006Dn00000InitOPP',
        StageName: stage,
        Amount: amount,
        LastModifiedDate: modifiedAt,
        Account: { Name: 'Initech', Region__c: 'east' },
      });
      return payload;
    };

    const changed = await salesforce(
      'sf-deal-2',
      opportunity('Negotiation/Review', 52000, '2026-12-02T09:00:00.000+0000'),
    );
    expect(changed.body.outcomes).toEqual([
      {
        command: 'update-poc',
        workflowId: 'poc:Initech:006Dn00000InitOPP',
        outcome: 'ignored',
        why: 'no trial for this opportunity',
      },
      {
        command: 'update-deal',
        workflowId: dealId,
        outcome: 'updated',
        applied: ['amount', 'owner', 'closeDate'],
        ignored: ['stage'],
      },
    ]);
    // An older version arrives late: nothing goes back.
    const stale = await salesforce('sf-deal-1', opportunity('Qualification', 30000, '2026-12-01T09:00:00.000+0000'));
    expect(stale.body.outcomes[1]).toMatchObject({ outcome: 'ignored', applied: [] });

    const accepted = await stack.request(
      'POST',
      `/api/deals/${encodeURIComponent(dealId)}/accept`,
      { assignees: { 'competitive-brief': [PRESALES.subject] } },
      { as: PRESALES },
    );
    expect(accepted.status).toBe(200);
    const won = await salesforce('sf-deal-3', opportunity('Closed Won', 52000, '2026-12-03T09:00:00.000+0000'));
    expect(won.status).toBe(200);
    expect(
      won.body.outcomes.map((outcome: { command: string; outcome: string }) => `${outcome.command}:${outcome.outcome}`),
    ).toEqual(['update-poc:ignored', 'update-deal:updated', 'win-deal:won']);
    const deal = (await read(`/api/deals/${encodeURIComponent(dealId)}`)).body;
    expect(deal).toMatchObject({ stage: 'closed_won', salesOwner: 'sally', opportunity: { amount: 52000 } });
    const crmEntries = deal.timeline.filter((entry: { type: string }) => entry.type === 'deal.crm-details-updated');
    expect(crmEntries.map((entry: { summary: string }) => entry.summary)).toEqual([
      'The CRM (salesforce) updated the deal support for Initech (opportunity 006Dn00000InitOPP): amount 40000 → 52000, sales owner sam → sally, close date 2027-02-28',
      'The CRM (salesforce) updated the deal support for Initech (opportunity 006Dn00000InitOPP): deal stage Negotiation/Review → Closed Won',
    ]);
    const wonEntry = deal.timeline.find((entry: { type: string }) => entry.type === 'deal.won');
    expect(wonEntry.actor).toBe('crm:salesforce');
  });
});
