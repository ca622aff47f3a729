import { addCalendarDays } from '../../domain/shared/business-calendar';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const CS: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };
const BOARD = 'http://board.example';
const LI_WEI = { name: 'Li Wei', email: 'li.wei@acme.example', language: 'en' };
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A renewal's customer in the portal over HTTP (issue 16), on a real Temporal server, a real
 * database and a real SMTP server: contacts on the renewal, the key dates and the proposal, which
 * the customer accepts or asks a call about; each on the renewal's timeline as the customer's own.
 */
describe.each(databaseKinds())('renewal customer portal on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    stack = await startBatonStack(kind, { api: { mail: mailThrough(smtp, BOARD) } });
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  const path = (id: string, suffix = '') => `/api/renewals/${encodeURIComponent(id)}${suffix}`;
  const portalPath = (id: string, suffix = '') => `/api/portal/renewals/${encodeURIComponent(id)}${suffix}`;
  const staff = (method: string, url: string, body: unknown) => stack.request(method, url, body, { as: CS });
  const portal = (method: string, url: string, token: string, body?: unknown) =>
    stack.request(method, url, body, { as: token });

  async function started(account: string): Promise<string> {
    const response = await staff('POST', '/api/renewals', {
      account,
      region: 'east',
      contractId: 'C-9',
      termStart: addCalendarDays(today(), 200 - 364),
      contractEnd: addCalendarDays(today(), 200),
      value: 100_000,
      currency: 'CNY',
      customerSuccessOwner: CS.subject,
      customerContacts: [LI_WEI],
    });
    expect(response.status).toBe(201);
    expect(response.body.customerContacts).toEqual([LI_WEI]);
    return response.body.renewalId as string;
  }

  async function signedIn(id: string): Promise<string> {
    const invited = await staff('POST', path(id, '/portal-invitations'), LI_WEI);
    expect(invited.status).toBe(201);
    expect(smtp.mails.at(-1)!.text).toContain('renewal proposal');
    const secret = smtp.mails.at(-1)!.text!.match(/#invite=(bpi_[A-Za-z0-9_-]+)/)![1]!;
    const opened = await stack.request('POST', '/api/portal/sign-in', { invitation: secret }, { as: null });
    expect(opened.status).toBe(201);
    return opened.body.token as string;
  }

  it('shows the key dates and lets the customer ask for a call, then accept the revised proposal', async () => {
    const id = await started('Renew Bank');
    const other = await started('Other Bank');
    const token = await signedIn(id);

    const view = await portal('GET', portalPath(id), token);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      keyDates: { contractEnd: addCalendarDays(today(), 200), decisionDue: addCalendarDays(today(), 170) },
      proposal: null,
      steps: [],
    });
    expect(view.body).not.toHaveProperty('term');
    expect((await portal('GET', portalPath(other), token)).status).toBe(404);
    expect((await portal('GET', `/api/portal/pocs/${encodeURIComponent(id)}`, token)).status).toBe(404);
    expect((await portal('GET', path(id), token)).status).toBe(404);
    expect((await portal('POST', portalPath(id, '/proposal/call'), token, {})).status).toBe(409);

    expect((await staff('POST', path(id, '/proposal'), { value: 110_000 })).status).toBe(200);
    const call = await portal('POST', portalPath(id, '/proposal/call'), token, { note: 'Tuesday mornings' });
    expect(call.status).toBe(200);
    expect(call.body.response).toMatchObject({ kind: 'call-requested', name: 'Li Wei', note: 'Tuesday mornings' });
    expect((await portal('POST', portalPath(id, '/proposal/call'), token, {})).status).toBe(409);

    expect((await staff('POST', path(id, '/proposal'), { value: 104_500, note: 'after the call' })).status).toBe(200);
    const revised = await portal('GET', portalPath(id), token);
    const [step] = revised.body.steps;
    expect(step.statement.en).toContain('104,500 CNY a year');
    expect((await portal('POST', portalPath(id, '/proposal/accept'), token, { text: 'ok' })).status).toBe(422);
    const accepted = await portal('POST', portalPath(id, '/proposal/accept'), token, { text: step.statement.en });
    expect(accepted.status).toBe(200);
    expect(accepted.body.response).toMatchObject({ kind: 'accepted', text: step.statement.en });

    const renewal = await staff('GET', path(id), undefined);
    expect(renewal.body.term.customerResponse).toMatchObject({ kind: 'accepted', proposalValue: 104_500 });
    const summaries = renewal.body.timeline.map((event: { summary: string }) => event.summary).join('\n');
    expect(summaries).toContain('accepted by Li Wei (customer) via portal');
    expect(summaries).toContain('Li Wei (customer) asked via portal for a call');
    const participation = await staff('GET', path(id, '/portal'), undefined);
    expect(participation.body.pendingSteps).toEqual([]);
    const actions = participation.body.invitations[0].events.map((event: { action: string }) => event.action);
    for (const action of ['renewal-ask-for-call', 'renewal-accept-proposal', 'renewal-ask-for-call-refused'])
      expect(actions).toContain(action);
  });
});
