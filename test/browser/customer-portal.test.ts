import type { Browser } from 'playwright-core';
import { eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { FIXTURE_STAKEHOLDERS } from '../helpers/handoff-fixtures';
import { launchChromium, newBoardPage, pageProblems, PHONE, screenshot, signIn } from '../helpers/browser';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PAULA: Identity = { subject: 'paula@delivery.example', roles: ['project_manager'] };
const HANDOFF_ID = 'handoff:acme:OPP-42';

// The customer takes part (issue 16): the project manager invites the customer's contact from the
// handoff page; the mail reaches a real SMTP server; the customer opens the link on a phone, in
// Chinese, confirms the spec milestone and signs the acceptance; the project manager's page shows
// it without a reload, and the handover goes ahead.
describe('the customer portal on the web board', () => {
  let stack: BatonStack;
  let browser: Browser;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    const mail = mailThrough(smtp, 'http://board.example');
    [stack, browser] = await Promise.all([
      startBatonStack('pglite', { api: { devLogin: true, mail } }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await smtp?.close();
  });

  const act = async (suffix: string, body: unknown, as: Identity) => {
    const response = await stack.request('POST', `/api/handoffs/${encodeURIComponent(HANDOFF_ID)}/${suffix}`, body, {
      as,
    });
    expect({ suffix, status: response.status, detail: response.body?.detail }).toEqual({
      suffix,
      status: 200,
      detail: undefined,
    });
  };

  it('lets the customer confirm the spec and sign the acceptance from a phone; the PM sees it live', async () => {
    const started = await stack.request(
      'POST',
      '/api/handoffs',
      {
        account: 'acme',
        opportunity: 'OPP-42',
        region: 'east',
        amount: 800_000,
        currency: 'CNY',
        salesOwner: SAM.subject,
        prefill: { requirements: 'SSO, audit log', commitments: 'Chinese UI' },
        projectManager: PAULA.subject,
      },
      { as: SAM },
    );
    expect(started.status).toBe(201);
    await act(
      'package',
      {
        items: [
          { key: 'contract', link: 'https://crm.example/c.pdf' },
          { key: 'scope', text: 'SOW v2' },
          { key: 'known-risks', text: 'Data migration' },
        ],
        stakeholders: FIXTURE_STAKEHOLDERS,
        targetGoLive: new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10),
      },
      SAM,
    );
    await act('submit', {}, SAM);
    await act('accept', {}, PAULA);
    await act('kickoff', {}, PAULA);
    await act('milestones/requirements-confirmed/complete', {}, PAULA);

    // The project manager invites the customer's contact from the handoff page.
    const pm = await newBoardPage(browser, stack.apiUrl);
    await signIn(pm.page, PAULA);
    await pm.page.goto(`/handoffs/${encodeURIComponent(HANDOFF_ID)}`);
    await pm.page.getByRole('button', { name: 'Invite customer to the portal' }).click();
    const dialog = pm.page.getByRole('dialog');
    await dialog.getByLabel('Contact name').fill('Li Wei');
    await dialog.getByLabel('Contact email').fill('li.wei@acme.example');
    await dialog.getByLabel('Language of the mail and portal').selectOption('zh');
    await screenshot(pm.page, 'portal-01-pm-invites', { fullPage: false });
    await dialog.getByRole('button', { name: 'Invite customer to the portal' }).click();
    await dialog.waitFor({ state: 'detached' });
    const portalSection = pm.page.locator('#customer-portal');
    await portalSection.getByText('li.wei@acme.example').waitFor();
    await portalSection.getByText('Has not opened the link yet').waitFor();

    // The mail reaches the SMTP server, in Chinese, with the personal link.
    const mail = await eventually(
      async () => smtp.mails.find((each) => each.subject?.includes('客户门户')),
      (found) => found !== undefined,
    );
    const link = new URL(mail!.text!.match(/http\S+#invite=\S+/)![0]);
    expect(link.pathname).toBe('/portal');

    // The customer opens it on a phone: the secret leaves the address bar, the portal speaks Chinese.
    const customer = await newBoardPage(browser, stack.apiUrl, PHONE);
    await customer.page.goto(`${link.pathname}${link.hash}`);
    await customer.page.getByRole('heading', { name: 'Li Wei，您好' }).waitFor();
    expect(customer.page.url()).not.toContain('invite=');
    // The default milestones are named in Chinese too, in the step and in the words the customer agrees to.
    await customer.page.getByRole('heading', { name: '确认“客户确认方案与原型”' }).waitFor();
    await customer.page.getByText('的里程碑“客户确认方案与原型”已完成').waitFor();
    await screenshot(customer.page, 'portal-02-customer-phone-zh');
    // Phone width first: nothing wider than the screen.
    expect(await customer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const spec = customer.page.locator('form[data-step="spec-confirmed"]');
    await spec.getByText('本人 Li Wei 代表 acme 确认').waitFor();
    await spec.getByLabel('我同意').check();
    await spec.getByRole('button', { name: '确认' }).click();
    await spec.waitFor({ state: 'detached' });
    await customer.page.locator('[data-milestone="spec-confirmed"]').getByText('由 Li Wei 确认').waitFor();
    // A short CSAT of the milestone just confirmed.
    const rating = customer.page.locator('form[data-rating="spec-confirmed"]');
    await rating.getByLabel('5', { exact: true }).check();
    await rating.getByLabel('意见（选填）').fill('原型很清楚');
    await screenshot(customer.page, 'portal-02b-customer-rates-milestone');
    await rating.getByRole('button', { name: '提交评分' }).click();
    await customer.page.locator('[data-milestone="spec-confirmed"]').getByText('评分 5/5').waitFor();
    expect(await customer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The PM's page, never reloaded, shows the customer's confirmation.
    await pm.page
      .getByText(/confirmed by Li Wei \(customer\) via portal/)
      .first()
      .waitFor();
    await pm.page
      .getByText(/rated 5\/5 by Li Wei \(customer\) via portal/)
      .first()
      .waitFor();

    await act('milestones/build-configured/complete', {}, PAULA);
    await act('milestones/tested/complete', {}, PAULA);
    const acceptance = customer.page.locator('form[data-step="accept"]');
    await acceptance.getByLabel('您的职务').fill('CIO');
    await acceptance.getByRole('button', { name: '签署验收' }).click();
    // Not agreed yet: the browser keeps the form until the box is ticked.
    await acceptance.getByLabel('我同意').check();
    await screenshot(customer.page, 'portal-03-customer-signs-acceptance');
    await acceptance.getByRole('button', { name: '签署验收' }).click();
    await customer.page.getByTestId('portal-accepted').getByText('Li Wei 已于').waitFor();
    await screenshot(customer.page, 'portal-04-customer-accepted');

    // The PM sees the acceptance, who and from where, without a reload, and can complete and hand over.
    await pm.page
      .getByText(/accepted by Li Wei \(customer\) via portal/)
      .first()
      .waitFor();
    await portalSection.getByText('accepted the delivery', { exact: true }).first().waitFor();
    await portalSection.getByText(/Last came/).waitFor();
    // Nobody records the acceptance over the customer's own signature.
    await pm.page.getByRole('button', { name: 'Record customer acceptance' }).waitFor({ state: 'detached' });
    await screenshot(pm.page, 'portal-05-pm-sees-acceptance');
    await act('milestones/customer-acceptance/complete', {}, PAULA);
    const today = new Date().toISOString().slice(0, 10);
    const yearOn = new Date(Date.now() + 364 * 86_400_000).toISOString().slice(0, 10);
    await act(
      'handover',
      { termStart: today, contractEnd: yearOn, annualValue: 800_000, customerSuccessOwner: 'carl@success.example' },
      PAULA,
    );
    await pm.page
      .getByText(/handed the .* over to customer success/)
      .first()
      .waitFor();
    await screenshot(pm.page, 'portal-06-pm-handed-over');
    expect(pageProblems(pm.page)).toEqual([]);
    expect(pageProblems(customer.page)).toEqual([]);
  });
});
