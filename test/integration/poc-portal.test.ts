import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const OPS: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const BOARD = 'http://board.example';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';
const LI_WEI = { name: 'Li Wei', email: 'li.wei@acme.example', language: 'zh' };

/**
 * A POC trial's customer in the portal over HTTP (issue 16), on a real Temporal server, a real
 * database and a real SMTP server: customer contacts kept on the trial, the magic link, the customer
 * confirming the criteria, giving feedback and asking for more days (decided by staff), each on the
 * trial's timeline as the customer's own; a trial's session opens no other case and no staff route.
 */
describe.each(databaseKinds())('POC customer portal on a real Temporal server and %s', (kind) => {
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

  const pocPath = (id: string, suffix = '') => `/api/pocs/${encodeURIComponent(id)}${suffix}`;
  const portalPath = (id: string, suffix = '') => `/api/portal/pocs/${encodeURIComponent(id)}${suffix}`;
  const staff = (method: string, url: string, body: unknown, as: Identity) => stack.request(method, url, body, { as });
  const portal = (method: string, url: string, token: string, body?: unknown) =>
    stack.request(method, url, body, { as: token, headers: { 'user-agent': PHONE } });

  /** An approved trial of `account`, provisioned by hand: ready for kickoff. */
  async function ready(account: string, extra: Record<string, unknown> = {}): Promise<string> {
    const started = await staff(
      'POST',
      '/api/pocs',
      {
        account,
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-1', amount: 120000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        criteria: [
          { key: 'sync', description: 'Orders sync within 5 minutes', measuredBy: 'p95 sync latency' },
          { key: 'adoption', description: '20 reps use it daily', measuredBy: 'daily active users' },
        ],
        plannedStart: '2030-03-04',
        durationDays: 30,
        ...extra,
      },
      SALES,
    );
    expect(started.status).toBe(201);
    const id: string = started.body.trialId;
    expect((await staff('POST', pocPath(id, '/approve'), {}, OPS)).status).toBe(200);
    await eventually(
      () => staff('GET', pocPath(id), undefined, OPS),
      (response) => response.body.provisioning.byHand === true,
      30_000,
    );
    const provisioned = await staff('POST', pocPath(id, '/provisioning/manual'), { note: 'by hand' }, OPS);
    expect(provisioned.body.stage).toBe('ready');
    return id;
  }

  async function invite(id: string, contact = LI_WEI): Promise<string> {
    const before = smtp.mails.length;
    const invited = await staff('POST', pocPath(id, '/portal-invitations'), contact, SALES);
    expect(invited.status).toBe(201);
    expect(smtp.mails.length).toBe(before + 1);
    return smtp.mails.at(-1)!.text!.match(/#invite=(bpi_[A-Za-z0-9_-]+)/)![1]!;
  }

  async function signIn(secret: string): Promise<string> {
    const opened = await stack.request('POST', '/api/portal/sign-in', { invitation: secret }, { as: null });
    expect(opened.status).toBe(201);
    return opened.body.token as string;
  }

  it('keeps customer contacts on the trial from its start and lets staff change them', async () => {
    const id = await ready('Contact Motors', { customerContacts: [LI_WEI] });
    const read = await staff('GET', pocPath(id), undefined, SALES);
    expect(read.body.customerContacts).toEqual([LI_WEI]);
    const twice = await staff('POST', pocPath(id, '/customer-contacts'), { contacts: [LI_WEI, LI_WEI] }, SALES);
    expect(twice.status).toBe(400);
    const ann = { name: 'Ann Lee', email: 'ann@acme.example', language: 'en' };
    const changed = await staff('POST', pocPath(id, '/customer-contacts'), { contacts: [ann] }, SALES);
    expect(changed.status).toBe(200);
    expect(changed.body.customerContacts).toEqual([ann]);
    expect(changed.body.timeline.at(-1)).toMatchObject({
      type: 'poc.customer-contacts-set',
      summary: expect.stringContaining('Ann Lee <ann@acme.example>'),
    });
  });

  it('lets the customer confirm the criteria, give feedback and ask for more days, on their trial only', async () => {
    const id = await ready('Portal Motors');
    const other = await ready('Other Motors');
    const secret = await invite(id);
    expect(smtp.mails.at(-1)!.text).toContain('成功标准');
    const token = await signIn(secret);
    expect((await portal('GET', '/api/portal/me', token)).body).toMatchObject({ caseId: id, playbook: 'poc' });

    const view = await portal('GET', portalPath(id), token);
    expect(view.status).toBe(200);
    expect(view.body).not.toHaveProperty('opportunity');
    expect(view.body.steps).toEqual([
      { kind: 'confirm-criteria', dueDate: null, statement: { en: expect.any(String), zh: expect.any(String) } },
    ]);

    // Another trial, and the handoff routes, are 404 to this session.
    expect((await portal('GET', portalPath(other), token)).status).toBe(404);
    expect((await portal('POST', portalPath(other, '/feedback'), token, { health: 'green' })).status).toBe(404);
    expect((await portal('GET', `/api/portal/handoffs/${encodeURIComponent(id)}`, token)).status).toBe(404);
    expect((await portal('GET', pocPath(id), token)).status).toBe(404);
    expect((await staff('GET', portalPath(id), undefined, SALES)).status).toBe(401);

    // The criteria: only the statement shown, once; feedback waits for the kickoff.
    const statement = view.body.steps[0].statement;
    const confirm = (text: string) => portal('POST', portalPath(id, '/criteria/confirm'), token, { text });
    expect((await confirm('Sure')).status).toBe(422);
    const early = await portal('POST', portalPath(id, '/feedback'), token, { health: 'green' });
    expect(early.status).toBe(409);
    const confirmed = await confirm(statement.zh);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.criteriaConfirmation).toMatchObject({ name: 'Li Wei', text: statement.zh });
    expect((await confirm(statement.zh)).status).toBe(409);

    expect((await staff('POST', pocPath(id, '/kickoff'), {}, SALES)).status).toBe(200);
    const amber = await portal('POST', portalPath(id, '/feedback'), token, { health: 'amber' });
    expect(amber.status).toBe(422);
    expect(amber.body.detail).toBe('Feedback rated amber needs a note saying what is wrong');
    const red = await portal('POST', portalPath(id, '/feedback'), token, { health: 'red', note: 'Sync is slow' });
    expect(red.status).toBe(200);
    expect(red.body.feedback).toEqual([
      { at: expect.any(String), name: 'Li Wei', health: 'red', note: 'Sync is slow' },
    ]);

    const asked = await portal('POST', portalPath(id, '/extensions'), token, { days: 7, reason: 'Holiday week' });
    expect(asked.status).toBe(200);
    const endBefore: string = asked.body.endDate;
    expect((await portal('POST', portalPath(id, '/extensions'), token, { days: 3, reason: 'More' })).status).toBe(409);
    expect((await staff('POST', pocPath(id, '/extensions/approve'), {}, OPS)).status).toBe(200);
    const after = await portal('GET', portalPath(id), token);
    expect(after.body.endDate > endBefore).toBe(true);
    expect(after.body.extensions).toEqual([expect.objectContaining({ days: 7, status: 'approved', byCustomer: true })]);

    // Staff see it all on the trial: the customer's own entries, the risk, the audit trail.
    const trial = await staff('GET', pocPath(id), undefined, SALES);
    expect(trial.body.riskReasons).toContain('red-health');
    const summaries = trial.body.timeline.map((event: { summary: string }) => event.summary).join('\n');
    expect(summaries).toContain('confirmed by Li Wei (customer) via portal');
    expect(summaries).toContain('Li Wei (customer) gave feedback on the POC');
    expect(summaries).toContain('Li Wei (customer) asked via portal to extend');
    const participation = await staff('GET', pocPath(id, '/portal'), undefined, SALES);
    expect(participation.status).toBe(200);
    expect(participation.body.pendingSteps).toEqual([]);
    const actions = participation.body.invitations[0].events.map((event: { action: string }) => event.action);
    for (const action of ['invited', 'signed-in', 'viewed', 'poc-confirm-criteria', 'poc-feedback-refused'])
      expect(actions).toContain(action);
  });

  it('answers a trial’s portal session 404 on every staff route and on other playbooks’ portal routes', async () => {
    const id = await ready('Guarded Motors');
    const token = await signIn(await invite(id, { name: 'Zhang San', email: 'zhang@guarded.example', language: 'en' }));
    const document = (await stack.request('GET', '/api/openapi.json', undefined, { as: null })).body;
    const operations: { method: string; url: string }[] = [];
    for (const [template, methods] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      for (const [method, operation] of Object.entries(methods as Record<string, { security?: object[] }>)) {
        const security = JSON.stringify(operation.security ?? []);
        // Staff routes, and reading the other playbooks' portal views (their steps check the body first: 400).
        const otherPortal = /^\/api\/portal\/(handoffs|renewals)\/\{id\}$/.test(template);
        if (security === '[]' || (security.includes('portalSession') && !otherPortal)) continue;
        operations.push({
          method: method.toUpperCase(),
          url: template.replace(/\{(\w+)\}/g, (_, name) => (name === 'id' ? encodeURIComponent(id) : 'x')),
        });
      }
    }
    expect(operations.some(({ url }) => url.includes('/customer-contacts'))).toBe(true);
    expect(operations.some(({ url }) => url.startsWith('/api/portal/renewals/'))).toBe(true);
    for (const { method, url } of operations) {
      const answered = await portal(method, url, token, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect({ method, url, status: answered.status }).toEqual({ method, url, status: 404 });
    }
  });
});
