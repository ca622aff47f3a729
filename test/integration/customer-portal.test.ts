import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { kickedOffOverHttp } from '../helpers/handoff-fixtures';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const BOARD = 'http://board.example';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';
const LI_WEI = { name: 'Li Wei', email: 'li.wei@acme.example', language: 'zh' };

/**
 * The customer portal over HTTP (issue 16) on a real Temporal server, a real database and a real SMTP
 * server: a magic link opens one case only, from several devices, until it is revoked or expires;
 * a portal session learns nothing from any staff route; each customer step is audited and lands on
 * the handoff's timeline as the customer's own.
 */
describe.each(databaseKinds())('customer portal on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const mail = mailThrough(smtp, BOARD);
    stack = await startBatonStack(kind, { api: { mail } });
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.close();
  });

  const handoffPath = (id: string, suffix = '') => `/api/handoffs/${encodeURIComponent(id)}${suffix}`;
  const portalPath = (id: string, suffix = '') => `/api/portal/handoffs/${encodeURIComponent(id)}${suffix}`;
  const staff = (method: string, url: string, body: unknown, as: Identity) => stack.request(method, url, body, { as });
  const portal = (method: string, url: string, token: string, body?: unknown) =>
    stack.request(method, url, body, { as: token, headers: { 'user-agent': PHONE } });

  /** A kicked-off handoff of `account`, east region, with Pia as project manager. */
  const kickedOff = (account: string) =>
    kickedOffOverHttp(stack, { sales: SALES, pm: PM }, { account, opportunity: 'opp-7', amount: 500_000 });

  /** Invites a contact and returns the magic link's secret from the mail that reached the SMTP server. */
  async function invite(id: string, contact = LI_WEI, extra: Record<string, unknown> = {}): Promise<string> {
    const before = smtp.mails.length;
    const invited = await staff('POST', handoffPath(id, '/portal-invitations'), { ...contact, ...extra }, PM);
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: contact.email, status: 'active', invitedBy: PM.subject });
    expect(JSON.stringify(invited.body)).not.toContain('bpi_');
    expect(smtp.mails.length).toBe(before + 1);
    const mail = smtp.mails.at(-1)!;
    const link = mail.text?.match(/http\S+#invite=(bpi_[A-Za-z0-9_-]+)/);
    expect(link?.[0].startsWith(`${BOARD}/portal#invite=`)).toBe(true);
    return link![1]!;
  }

  async function signIn(secret: string): Promise<string> {
    const opened = await stack.request('POST', '/api/portal/sign-in', { invitation: secret }, { as: null });
    expect(opened.status).toBe(201);
    return opened.body.token as string;
  }

  it('lets the invited customer confirm the spec and sign the acceptance from two devices, on their case only', async () => {
    const id = await kickedOff('Portal Bank');
    const other = await kickedOff('Other Bank');
    const secret = await invite(id);
    expect(smtp.mails.at(-1)!.subject).toContain('客户门户');
    const phone = await signIn(secret);
    const laptop = await signIn(secret);
    expect(phone).not.toBe(laptop);

    const me = await portal('GET', '/api/portal/me', phone);
    expect(me.body).toEqual({ caseId: id, playbook: 'handoff', contact: LI_WEI });
    const view = await portal('GET', portalPath(id), laptop);
    expect(view.status).toBe(200);
    expect(view.body.steps.map((step: { kind: string }) => step.kind)).toEqual([
      'confirm-milestone',
      'confirm-milestone',
      'accept',
    ]);
    expect(view.body).not.toHaveProperty('amount');

    // Another case is a 404 however it is asked for.
    expect((await portal('GET', portalPath(other), phone)).status).toBe(404);
    const otherSpec = await portal('POST', portalPath(other, '/milestones/spec-confirmed/confirm'), phone, {
      text: 'x',
    });
    expect(otherSpec.status).toBe(404);
    expect((await portal('POST', portalPath(other, '/acceptance'), phone, { text: 'x' })).status).toBe(404);

    // The spec waits on the requirements, as for staff; the words signed must be the statement shown.
    const spec = view.body.steps.find((step: { milestoneKey?: string }) => step.milestoneKey === 'spec-confirmed');
    const confirm = (text: string) =>
      portal('POST', portalPath(id, '/milestones/spec-confirmed/confirm'), phone, { text });
    expect((await confirm(spec.statement.zh)).body.detail).toMatch(/waits on "requirements-confirmed"/);
    const requirements = handoffPath(id, '/milestones/requirements-confirmed/complete');
    expect((await staff('POST', requirements, {}, PM)).status).toBe(200);
    expect((await confirm('I agree to whatever')).status).toBe(422);
    const confirmed = await confirm(spec.statement.zh);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.milestones.find((each: { key: string }) => each.key === 'spec-confirmed')).toMatchObject({
      status: 'done',
      confirmedByCustomer: { name: 'Li Wei' },
    });

    // A short CSAT of each done milestone: once, 1 to 5; an open milestone waits.
    const rate = (key: string, body: unknown) =>
      portal('POST', portalPath(id, `/milestones/${key}/rating`), phone, body);
    expect((await rate('build-configured', { score: 4 })).status).toBe(409);
    expect((await rate('spec-confirmed', { score: 6 })).status).toBe(400);
    const rated = await rate('spec-confirmed', { score: 5, comment: 'Clear prototype' });
    expect(rated.status).toBe(200);
    expect(rated.body.milestones.find((each: { key: string }) => each.key === 'spec-confirmed')).toMatchObject({
      rating: { score: 5, comment: 'Clear prototype' },
      rateable: false,
    });
    expect((await rate('spec-confirmed', { score: 1 })).status).toBe(409);
    expect(
      (await portal('POST', portalPath(other, '/milestones/spec-confirmed/rating'), phone, { score: 3 })).status,
    ).toBe(404);

    const accept = view.body.steps.find((step: { kind: string }) => step.kind === 'accept');
    const signed = await portal('POST', portalPath(id, '/acceptance'), laptop, {
      text: accept.statement.en,
      title: 'CIO',
    });
    expect(signed.status).toBe(200);
    expect(signed.body.acceptance).toMatchObject({ signedBy: 'Li Wei', viaPortal: true, text: accept.statement.en });
    const again = await portal('POST', portalPath(id, '/acceptance'), phone, { text: accept.statement.en });
    expect(again.status).toBe(409);

    // Staff see it on the handoff: the customer's own sign-off, from where, and the timeline line.
    const handoff = await staff('GET', handoffPath(id), undefined, PM);
    expect(handoff.body.customerAcceptance).toMatchObject({
      signedBy: 'Li Wei',
      signedByTitle: 'CIO',
      portal: { email: LI_WEI.email, userAgent: PHONE, text: accept.statement.en, ip: expect.any(String) },
    });
    const summaries = handoff.body.timeline.map((event: { summary: string }) => event.summary).join('\n');
    expect(summaries).toContain('accepted by Li Wei (customer) via portal');
    expect(summaries).toContain('confirmed by Li Wei (customer) via portal');
    expect(summaries).toContain('rated 5/5 by Li Wei (customer) via portal: Clear prototype');
    const participation = await staff('GET', handoffPath(id, '/portal'), undefined, PM);
    expect(participation.status).toBe(200);
    const [invitation] = participation.body.invitations;
    expect(invitation).toMatchObject({ name: 'Li Wei', status: 'active', lastSeenAt: expect.any(String) });
    const actions = invitation.events.map((event: { action: string }) => event.action);
    for (const action of ['invited', 'signed-in', 'viewed', 'confirm-milestone-refused', 'confirm-milestone', 'accept'])
      expect(actions).toContain(action);
    expect(participation.body.pendingSteps).toEqual([]);
  });

  it('answers a portal session 404 on every staff route, and 401 once it is signed out, revoked or expired', async () => {
    const id = await kickedOff('Guarded Bank');
    const secret = await invite(id, { name: 'Zhang San', email: 'zhang@guarded.example', language: 'en' });
    const token = await signIn(secret);
    const second = await signIn(secret);

    // Every staff operation in the API's own document, with any path parameters filled in.
    const document = (await stack.request('GET', '/api/openapi.json', undefined, { as: null })).body;
    const operations: { method: string; url: string }[] = [];
    for (const [template, methods] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      for (const [method, operation] of Object.entries(methods as Record<string, { security?: object[] }>)) {
        const security = JSON.stringify(operation.security ?? []);
        if (security === '[]' || security.includes('portalSession')) continue;
        operations.push({
          method: method.toUpperCase(),
          url: template.replace(/\{(\w+)\}/g, (_, name) => (name === 'id' ? encodeURIComponent(id) : 'x')),
        });
      }
    }
    expect(operations.length).toBeGreaterThan(50);
    for (const { method, url } of operations) {
      const answered = await portal(method, url, token, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect({ method, url, status: answered.status }).toEqual({ method, url, status: 404 });
    }
    // Staff credentials do not open portal routes.
    const asStaff = await staff('GET', portalPath(id), undefined, PM);
    expect(asStaff.status).toBe(401);

    // Signed out: that device's token is refused from then on, replayed or not; the other device still works.
    expect((await portal('POST', '/api/portal/sign-out', token)).status).toBe(204);
    expect((await portal('GET', portalPath(id), token)).status).toBe(401);
    expect((await portal('POST', '/api/portal/sign-out', token)).status).toBe(401);
    expect((await portal('GET', handoffPath(id), token)).status).toBe(401);
    expect((await portal('GET', portalPath(id), second)).status).toBe(200);

    // Revoked: every session of the link and the link itself answer 401, on portal and staff routes.
    const listed = await staff('GET', handoffPath(id, '/portal'), undefined, PM);
    const invitationId: string = listed.body.invitations[0].id;
    const revoked = await staff('POST', handoffPath(id, `/portal-invitations/${invitationId}/revoke`), undefined, PM);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedBy: PM.subject });
    expect((await portal('GET', portalPath(id), second)).status).toBe(401);
    expect((await portal('GET', handoffPath(id), second)).status).toBe(401);
    const reopened = await stack.request('POST', '/api/portal/sign-in', { invitation: secret }, { as: null });
    expect(reopened.status).toBe(401);
    expect(reopened.body.detail).toMatch(/revoked/);

    // Expired: a fresh link past its date refuses its sessions and new sign-ins alike.
    const fresh = await invite(id, { name: 'Zhang San', email: 'zhang@guarded.example', language: 'en' });
    const freshToken = await signIn(fresh);
    await stack.baton.db.portalInvitation.updateMany({
      where: { caseId: id, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await portal('GET', portalPath(id), freshToken)).status).toBe(401);
    const late = await stack.request('POST', '/api/portal/sign-in', { invitation: fresh }, { as: null });
    expect(late.body.detail).toMatch(/expired/);
    // An unknown link is refused too.
    expect(
      (await stack.request('POST', '/api/portal/sign-in', { invitation: 'bpi_guessed-guessed' }, { as: null })).status,
    ).toBe(401);
  });

  it('limits invitations per contact and hour', async () => {
    const id = await kickedOff('Busy Bank');
    const contact = { name: 'Wang Wu', email: 'wang@busy.example', language: 'en' };
    for (let n = 0; n < 5; n += 1) await invite(id, contact);
    const refused = await staff('POST', handoffPath(id, '/portal-invitations'), contact, PM);
    expect(refused.status).toBe(429);
  });
});
