import type { Browser } from 'playwright-core';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import { renewalWorkflowId } from '../../domain/shared/lifecycle';
import { eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { launchChromium, newBoardPage, pageProblems, PHONE, screenshot, signIn } from '../helpers/browser';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const ANA: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };

// A renewal's customer takes part (issue 16): customer success invite the contact kept on the
// renewal; on a phone the customer sees the contract's key dates and accepts the proposal; the
// renewal page shows the answer without a reload.
describe('the renewal customer portal on the web board', () => {
  let stack: BatonStack;
  let browser: Browser;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    [stack, browser] = await Promise.all([
      startBatonStack('pglite', { api: { devLogin: true, mail: mailThrough(smtp, 'http://board.example') } }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await smtp?.close();
  });

  it('starts a renewal with its first customer contact from the board form', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const staff = await newBoardPage(browser, stack.apiUrl);
    await signIn(staff.page, ANA);
    await staff.page.goto('/renewals/new');
    const form = staff.page.locator('form.card');
    const field = (name: string) => form.locator(`[name="${name}"]`);
    await field('account').fill('globex');
    await field('region').fill('east');
    await field('contractId').fill('C-FORM');
    await field('termStart').fill(addCalendarDays(today, -300));
    await field('contractEnd').fill(addCalendarDays(today, 65));
    await field('value').fill('90000');
    await field('customerContacts.0.name').fill('Wang Fang');
    await field('customerContacts.0.email').fill('wang.fang@globex.example');
    await field('customerContacts.0.language').selectOption('zh');
    await screenshot(staff.page, 'renewal-portal-00-start-form-contact');
    await form.getByRole('button', { name: 'Start the follow-up' }).click();
    await staff.page.waitForURL(/\/renewals$/);

    const id = renewalWorkflowId('globex', 'C-FORM');
    const stored = await eventually(
      () => stack.request('GET', `/api/renewals/${encodeURIComponent(id)}`, undefined, { as: ANA }),
      (answer) => answer.status === 200,
    );
    expect(stored.body.customerContacts).toEqual([
      { name: 'Wang Fang', email: 'wang.fang@globex.example', language: 'zh' },
    ]);
    await staff.page.goto(`/renewals/${encodeURIComponent(id)}`);
    await staff.page.locator('#customer-contacts').getByText('wang.fang@globex.example').waitFor();
    expect(pageProblems(staff.page)).toEqual([]);
  });

  it('lets the customer see the key dates and accept the proposal from a phone; customer success see it live', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const started = await stack.request(
      'POST',
      '/api/renewals',
      {
        account: 'acme',
        region: 'east',
        contractId: 'C-42',
        termStart: addCalendarDays(today, 80 - 364),
        contractEnd: addCalendarDays(today, 80),
        value: 100_000,
        currency: 'CNY',
        customerSuccessOwner: ANA.subject,
        customerContacts: [{ name: 'Li Wei', email: 'li.wei@acme.example', language: 'en' }],
      },
      { as: ANA },
    );
    expect(started.status).toBe(201);
    const id: string = started.body.renewalId;
    const proposed = await stack.request(
      'POST',
      `/api/renewals/${encodeURIComponent(id)}/proposal`,
      { value: 108_000, note: 'adds analytics' },
      { as: ANA },
    );
    expect(proposed.status).toBe(200);

    const staff = await newBoardPage(browser, stack.apiUrl);
    await signIn(staff.page, ANA);
    await staff.page.goto(`/renewals/${encodeURIComponent(id)}`);
    const contacts = staff.page.locator('#customer-contacts');
    await contacts.getByRole('button', { name: 'Invite to the portal' }).click();
    const dialog = staff.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Invite to the portal' }).click();
    await dialog.waitFor({ state: 'detached' });
    await staff.page.locator('#customer-portal').getByText('Answer the renewal proposal').waitFor();

    const mail = await eventually(
      async () => smtp.mails.find((each) => each.text?.includes('renewal proposal')),
      (found) => found !== undefined,
    );
    const link = new URL(mail!.text!.match(/http\S+#invite=\S+/)![0]);
    const customer = await newBoardPage(browser, stack.apiUrl, PHONE);
    await customer.page.goto(`${link.pathname}${link.hash}`);
    await customer.page.getByRole('heading', { name: 'Hello Li Wei' }).waitFor();
    await customer.page.getByTestId('portal-key-dates').getByText('Contract ends').waitFor();
    const accept = customer.page.locator('form[data-step="accept-proposal"]');
    await accept.getByText('I, Li Wei, accept for acme the renewal proposal').waitFor();
    await screenshot(customer.page, 'renewal-portal-01-customer-proposal');
    expect(await customer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await accept.getByLabel('I agree').check();
    await accept.getByRole('button', { name: 'Accept the proposal' }).click();
    await customer.page.getByTestId('portal-proposal-answer').getByText('Accepted by Li Wei').waitFor();
    await screenshot(customer.page, 'renewal-portal-02-customer-accepted');

    await staff.page
      .getByTestId('customer-response')
      .getByText(/Li Wei accepted the proposal/)
      .waitFor();
    await staff.page
      .getByText(/accepted by Li Wei \(customer\) via portal/)
      .first()
      .waitFor();
    await screenshot(staff.page, 'renewal-portal-03-staff-sees-answer');
    expect(pageProblems(staff.page)).toEqual([]);
    expect(pageProblems(customer.page)).toEqual([]);
  });
});
