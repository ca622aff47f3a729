import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { requestJson } from '../helpers/http';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

/**
 * Effort and the actor's role beyond staff actions on cases (issue 21), through the real workflows: a CRM
 * requests, updates and wins a trial (role integration on what its events wrote), the customer confirms the
 * criteria on the portal (role customer), staff act in between with their minutes, and an ops manager works a
 * launch run's item. The effort report must give the figures computed here from the timelines, on PGlite and
 * Postgres 15.
 */

type State = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const LI_WEI = { name: 'Li Wei', email: 'li.wei@acme.example', language: 'zh' };
const SAMPLES = path.join(__dirname, '../../domain/integrations/samples');
const sample = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(SAMPLES, name), 'utf8'));

describe.each(databaseKinds())('Effort of integrations and customers in the insights on %s', (kind) => {
  let stack: BatonStack;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    stack = await startBatonStack(kind, { api: { mail: mailThrough(smtp, 'http://board.example') } });
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  const seg = encodeURIComponent;
  const staff = async (id: string, action: string, body: unknown, as: Identity) => {
    const response = await stack.request('POST', `/api/pocs/${seg(id)}/${action}`, body, { as });
    if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as State;
  };

  /** A Salesforce outbound webhook, signed as Standard Webhooks specifies. */
  async function salesforce(secret: string, eventId: string, payload: unknown) {
    const body = JSON.stringify(payload);
    const at = new Date();
    const response = await requestJson(stack.apiUrl, 'POST', '/api/integrations/salesforce/events', body, {
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(eventId, at, body),
    });
    expect(response.status).toBe(200);
    return response.body as State;
  }

  it('counts what the CRM, the customer and launch work took, in their roles, beside the staff', async () => {
    const secret = (await stack.request('POST', '/api/integrations/salesforce/secret', undefined, { as: ADMIN })).body
      .secret as string;
    const trialId = 'poc:Acme%20Retail:006Dn00000AcmeOPP';
    expect((await salesforce(secret, 'sf-1', sample('salesforce-opportunity-trial.json'))).outcomes[0].outcome).toBe(
      'started',
    );
    expect((await salesforce(secret, 'sf-2', sample('salesforce-opportunity-updated.json'))).outcomes[0].outcome).toBe(
      'updated',
    );
    await staff(trialId, 'approve', { effortMinutes: 30 }, OPS_EAST);
    await eventually(
      () => stack.request('GET', `/api/pocs/${seg(trialId)}`, undefined, { as: OPS }),
      (response) => response.body.provisioning?.byHand === true,
      30_000,
    );
    await staff(trialId, 'provisioning/manual', { environmentUrl: 'https://trial.example' }, OPS_EAST);

    // The customer confirms the criteria on the portal.
    expect(
      (await stack.request('POST', `/api/pocs/${seg(trialId)}/portal-invitations`, LI_WEI, { as: SALES })).status,
    ).toBe(201);
    const invitation = smtp.mails.at(-1)!.text!.match(/#invite=(bpi_[A-Za-z0-9_-]+)/)![1]!;
    const token = (await stack.request('POST', '/api/portal/sign-in', { invitation }, { as: null })).body
      .token as string;
    const view = await stack.request('GET', `/api/portal/pocs/${seg(trialId)}`, undefined, { as: token });
    const confirmed = await stack.request(
      'POST',
      `/api/portal/pocs/${seg(trialId)}/criteria/confirm`,
      { text: view.body.steps[0].statement.en },
      { as: token },
    );
    expect(confirmed.status).toBe(200);

    await staff(trialId, 'kickoff', { effortMinutes: 45 }, SALES);
    const won = await salesforce(secret, 'sf-3', sample('salesforce-opportunity-closed-won.json'));
    // The closing event also updates the trial's details (its CRM stage), then converts it.
    expect(won.outcomes.map((outcome: State) => `${outcome.command} ${outcome.outcome}`)).toEqual([
      'update-poc updated',
      'win-poc converted',
    ]);

    // Every event the trial and its handoff wrote, from the read model, once the conversion is there.
    const timeline = async (collection: string, id: string) =>
      (
        await eventually(
          () => stack.request('GET', `/api/${collection}/${seg(id)}/timeline?limit=200`, undefined, { as: OPS }),
          (response) => response.status === 200,
          30_000,
        )
      ).body.items as State[];
    const events = await eventually(
      () => timeline('pocs', trialId),
      (items) => items.some((event) => event.type === 'poc.converted'),
      30_000,
    );
    const roles = new Set(events.filter((event) => event.actorRole).map((e) => `${e.actor} ${e.actorRole}`));
    expect(roles).toEqual(
      new Set([
        'crm:salesforce integration',
        `${LI_WEI.email} customer`,
        `${OPS_EAST.subject} regional_ops`,
        `${SALES.subject} sales`,
      ]),
    );
    // Baton's own events (provisioning, the handoff it starts) carry no role.
    expect(events.filter((event) => event.actor === 'baton' && event.actorRole)).toEqual([]);

    // A launch run's item, started and done by the ops manager with the minutes each took.
    const launch = await stack.request(
      'POST',
      '/api/launches',
      { launchId: 'effort-launch', productName: 'Effort', launchDate: '2030-06-03', owners: {} },
      { as: OPS },
    );
    expect(launch.status).toBe(201);
    const item = (verb: string, body: object) =>
      stack.request('POST', `/api/launches/effort-launch/items/demand-research/${verb}`, body, { as: OPS });
    expect((await item('start', { effortMinutes: 20 })).status).toBe(200);
    expect((await item('complete', { link: 'https://docs.example/research', effortMinutes: 40 })).status).toBe(200);
    // The go/no-go meeting took a quarter of an hour: a no-go decision carries its minutes too.
    const noGo = {
      outcome: 'no-go',
      reasons: 'pricing not signed off',
      newLaunchDate: '2030-07-01',
      effortMinutes: 15,
    };
    const decided = await stack.request('POST', '/api/launches/effort-launch/gates/go-no-go/decision', noGo, {
      as: OPS,
    });
    expect(decided.status).toBe(200);
    const launchEvents = await eventually(
      () => timeline('launches', 'effort-launch'),
      (items) => items.filter((event) => event.effortMinutes).length === 3,
      30_000,
    );

    // The effort report, computed again from the timelines: per role, entries, minutes, people.
    const handoffEvents = await timeline('handoffs', trialId.replace(/^poc:/, 'handoff:'));
    const expected = (
      [
        ['poc', events],
        ['handoff', handoffEvents],
        ['launch', launchEvents],
      ] as const
    ).flatMap(([playbook, items]) => {
      const stamped = items.filter((event) => event.actorRole);
      return [...new Set(stamped.map((event) => event.actorRole as string))].sort().map((role) => {
        const mine = stamped.filter((event) => event.actorRole === role);
        const minutes = mine.reduce((sum, event) => sum + (event.effortMinutes ?? 0), 0);
        const people = new Set(mine.map((event) => event.actor)).size;
        return {
          playbook,
          role,
          entries: mine.length,
          minutes,
          cases: 1,
          minutesPerCase: minutes,
          peoplePerCase: people,
        };
      });
    });
    expect(expected.map((step) => step.role)).toEqual(
      expect.arrayContaining(['integration', 'customer', 'regional_ops', 'sales']),
    );
    expect(expected.find((step) => step.role === 'integration')!.entries).toBeGreaterThanOrEqual(3);
    expect(expected.find((step) => step.playbook === 'launch')).toMatchObject({ role: 'ops_manager', minutes: 75 });
    const report = await eventually(
      () => stack.request('GET', '/api/insights/effort', undefined, { as: OPS }),
      (response) => JSON.stringify(response.body.steps) === JSON.stringify(expected),
      30_000,
    );
    expect(report.body.steps).toEqual(expected);
    // The won opportunity counts every role's minutes and people.
    expect(report.body.won).toMatchObject({
      deals: 1,
      minutes: 75,
      peoplePerDeal: new Set(events.filter((event) => event.actorRole).map((event) => event.actor)).size,
    });
  });
});
