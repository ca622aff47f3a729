import type { Page } from 'playwright-core';
import { OPS_MANAGER, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

/**
 * Issue 20, deal support on the board: an ops manager copies the deal-support template, gives competitive
 * briefs three business days and escalates a missed answer to regional ops, sees a reminder outside the
 * SLA refused next to its field as typed, and publishes v2 with a reason; sales then start a case from the
 * form, which runs on v2, while a case started before keeps v1 (the time-skipping half is
 * test/workflow/deal-template-plan.test.ts).
 */
describe('deal-support templates edited on the board', () => {
  const board = boardStack();

  const validation = (page: Page) => page.getByTestId('template-validation');

  /** Sales ask for a competitive brief from the board's start form, on the template picked there (or the default). */
  async function askFromTheForm(
    page: Page,
    account: string,
    template = 'The latest deal-support template',
  ): Promise<void> {
    await page.goto('/deals/new');
    await page.getByLabel('Account').fill(account);
    await page.getByLabel('Opportunity id').fill('opp-7');
    await page.getByLabel('Amount').fill('240000');
    await page.getByLabel('Deal stage in the CRM').fill('proposal');
    await page.getByLabel('Needed by').fill('2030-03-15');
    await page.getByLabel('Competitive brief').check();
    await page.getByLabel('Template').selectOption({ label: template });
    await page.getByRole('button', { name: 'Ask for support' }).click();
    await page.getByTestId('deal-template').waitFor();
  }

  it('copies, refuses a reminder outside the SLA, publishes v2, and only new cases run on it', async () => {
    const before = await board.stack.request(
      'POST',
      '/api/deals',
      {
        account: 'Before Bank',
        region: 'east',
        opportunity: { id: 'opp-7', amount: 240000, currency: 'CNY' },
        dealStage: 'proposal',
        supportTypes: ['competitive-brief'],
        dueDate: '2030-03-15',
        salesOwner: SALES.subject,
      },
      { as: SALES },
    );
    expect(before.body.template).toMatchObject({ version: 1 });

    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/templates');
    await page.getByTestId('templates-deal-support').getByRole('link', { name: 'Deal support' }).click();
    await page.getByRole('heading', { name: 'Deal support · v1' }).waitFor();
    await page.getByRole('button', { name: 'Copy v1 to a draft' }).click();
    await validation(page).getByText('The draft is valid.').waitFor();

    const brief = page.getByTestId('service-level-competitive-brief');
    await brief.getByLabel('Answer within (days)').fill('3');
    const reminders = brief.getByLabel('Reminders (days before, comma-separated)');
    await reminders.fill('3');
    await validation(page)
      .getByText('competitive-brief: response reminder 1 (3 days before) falls outside the 3-day response SLA')
      .waitFor();
    await brief.locator('.field.invalid').getByText('falls outside the 3-day response SLA').waitFor();
    expect(await page.getByRole('button', { name: 'Publish v2' }).isDisabled()).toBe(true);
    await screenshot(page, 'templates-deal-bad-reminder');
    await reminders.fill('1');
    await brief.getByLabel('Escalate a missed answer to').selectOption({ label: 'Regional ops' });
    await validation(page).getByText('The draft is valid.').waitFor();
    const diff = page.getByTestId('template-diff');
    await diff.getByRole('row', { name: 'serviceLevels.competitive-brief.responseSla.days 1 3' }).waitFor();
    await diff
      .getByRole('row', { name: 'serviceLevels.competitive-brief.escalationRole "ops_manager" "regional_ops"' })
      .waitFor();
    await page.getByLabel('Why are you publishing this?').fill('Briefs take three days to do well');
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByTestId('published').getByText('Published v2.').waitFor();
    await page.getByRole('heading', { name: 'Deal support · v2' }).waitFor();
    await screenshot(page, 'templates-deal-published');

    // Sales start a case from the form on the default template (the latest: v2); the case before keeps v1.
    const sales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(sales.page, SALES);
    await askFromTheForm(sales.page, 'After Bank');
    await sales.page.getByTestId('deal-template').getByText('Deal support v2').waitFor();
    await screenshot(sales.page, 'templates-deal-new-case-v2');
    const after = await board.stack.request('GET', '/api/deals/deal%3AAfter%2520Bank%3Aopp-7', undefined, {
      as: SALES,
    });
    expect(after.body.rules).toMatchObject({ responseSla: { days: 3 }, escalationRole: 'regional_ops' });
    await sales.page.goto(`/deals/${encodeURIComponent(before.body.dealId as string)}`);
    await sales.page.getByTestId('deal-template').getByText('Deal support v1').waitFor();

    // The editor in Chinese: the refusal worded in Chinese next to its field.
    await page.goto('/templates/deal-support');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('button', { name: '将 v2 复制为草稿' }).click();
    await page.getByTestId('service-level-customer-visit').getByLabel('提醒（提前天数，逗号分隔）').fill('0, 1');
    await validation(page).getByText('客户拜访：第 2 个响应提醒（提前 1 天）超出了 1 天的响应时限').waitFor();
    await screenshot(page, 'templates-deal-zh');
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(sales.page)).toEqual([]);
  });
});
