import type { Browser } from 'playwright-core';
import { eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { launchChromium, newBoardPage, pageProblems, PHONE, screenshot, signIn } from '../helpers/browser';
import { mailThrough, startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const ERIN: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const TRIAL_ID = 'poc:acme:OPP-7';

// A trial's customer takes part (issue 16): sales add the customer's contact on the trial page and
// invite them; the mail reaches a real SMTP server; on a phone, in Chinese, the customer confirms the
// success criteria, says the trial is amber and asks for more days; sales see it without a reload.
describe('the POC customer portal on the web board', () => {
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

  const act = async (suffix: string, body: unknown, as: Identity) => {
    const response = await stack.request('POST', `/api/pocs/${encodeURIComponent(TRIAL_ID)}/${suffix}`, body, { as });
    expect({ suffix, status: response.status, detail: response.body?.detail }).toEqual({
      suffix,
      status: 200,
      detail: undefined,
    });
  };

  it('lets the customer confirm the criteria, give feedback and ask for days from a phone; sales see it live', async () => {
    const started = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'acme',
        region: 'east',
        industry: 'retail',
        opportunity: { id: 'OPP-7', amount: 120_000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SAM.subject,
        criteria: [
          { key: 'sync', description: 'Orders sync within 5 minutes', measuredBy: 'p95 sync latency' },
          { key: 'adoption', description: '20 reps use it daily', measuredBy: 'daily active users' },
        ],
        plannedStart: new Date().toISOString().slice(0, 10),
        durationDays: 30,
      },
      { as: SAM },
    );
    expect(started.status).toBe(201);
    await act('approve', {}, ERIN);
    await eventually(
      () => stack.request('GET', `/api/pocs/${encodeURIComponent(TRIAL_ID)}`, undefined, { as: SAM }),
      (response) => response.body.provisioning.byHand === true,
    );
    await act('provisioning/manual', { note: 'by hand' }, ERIN);

    // Sales add the customer's contact on the trial page and invite them.
    const sales = await newBoardPage(browser, stack.apiUrl);
    await signIn(sales.page, SAM);
    await sales.page.goto(`/pocs/${encodeURIComponent(TRIAL_ID)}`);
    const contacts = sales.page.locator('#customer-contacts');
    await contacts.getByRole('button', { name: 'Add a customer contact' }).click();
    let dialog = sales.page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Li Wei');
    await dialog.getByLabel('Email').fill('li.wei@acme.example');
    await dialog.getByLabel('Language of mail and portal').selectOption('zh');
    await dialog.getByRole('button', { name: 'Add a customer contact' }).click();
    await dialog.waitFor({ state: 'detached' });
    await contacts.getByText('li.wei@acme.example').waitFor();
    await contacts.getByRole('button', { name: 'Invite to the portal' }).click();
    dialog = sales.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Invite to the portal' }).click();
    await dialog.waitFor({ state: 'detached' });
    await sales.page.locator('#customer-portal').getByText('Has not opened the link yet').waitFor();
    await sales.page.getByText('The customer has not confirmed the criteria yet').waitFor();
    await screenshot(sales.page, 'poc-portal-01-sales-invited');

    const mail = await eventually(
      async () => smtp.mails.find((each) => each.text?.includes('成功标准')),
      (found) => found !== undefined,
    );
    const link = new URL(mail!.text!.match(/http\S+#invite=\S+/)![0]);

    // The customer, on a phone, in Chinese: the criteria and the exact words they confirm.
    const customer = await newBoardPage(browser, stack.apiUrl, PHONE);
    await customer.page.goto(`${link.pathname}${link.hash}`);
    await customer.page.getByRole('heading', { name: 'Li Wei，您好' }).waitFor();
    const confirm = customer.page.locator('form[data-step="confirm-criteria"]');
    await confirm.getByText('本人 Li Wei 代表 acme 确认').waitFor();
    await screenshot(customer.page, 'poc-portal-02-customer-criteria-zh');
    expect(await customer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await confirm.getByLabel('我同意').check();
    await confirm.getByRole('button', { name: '确认' }).click();
    await customer.page.getByTestId('portal-criteria-confirmed').getByText('Li Wei 已于').waitFor();
    await sales.page.getByText(/Criteria confirmed by Li Wei/).waitFor();

    // Kicked off: feedback and more days open for the customer.
    await act('kickoff', {}, SAM);
    const feedback = customer.page.locator('form[data-step="feedback"]');
    await feedback.waitFor({ timeout: 45_000 });
    await feedback.getByLabel('黄：有些顾虑').check();
    await feedback.getByRole('button', { name: '提交' }).click();
    await feedback.getByText('评为 amber 的反馈需要说明问题所在').waitFor();
    await feedback.getByLabel('需要我们了解什么？（黄、红必填）').fill('同步有时超过 10 分钟');
    await feedback.getByRole('button', { name: '提交' }).click();
    await customer.page.getByTestId('portal-feedback-list').getByText('同步有时超过 10 分钟').waitFor();
    const extension = customer.page.locator('form[data-step="request-extension"]');
    await extension.getByLabel('天数').fill('7');
    await extension.getByLabel('原因').fill('春节假期');
    await extension.getByRole('button', { name: '申请' }).click();
    await customer.page.getByTestId('portal-extensions').getByText('等待团队审批').waitFor();
    await screenshot(customer.page, 'poc-portal-03-customer-feedback-extension');
    expect(await customer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Sales see the customer's feedback and request without a reload; regional ops decide it as always.
    await sales.page.getByTestId('customer-feedback').getByText('同步有时超过 10 分钟').waitFor();
    await sales.page.getByText(/asked by the customer \(Li Wei\)/).waitFor();
    await sales.page
      .getByText(/Li Wei \(customer\) asked via portal to extend/)
      .first()
      .waitFor();
    await screenshot(sales.page, 'poc-portal-04-sales-sees-customer');
    await act('extensions/approve', {}, ERIN);
    await customer.page.getByTestId('portal-extensions').getByText('已批准').waitFor({ timeout: 45_000 });
    expect(pageProblems(sales.page)).toEqual([]);
    expect(pageProblems(customer.page)).toEqual([]);
  });
});
