import type { Browser, Page } from 'playwright-core';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import { renewalWorkflowId } from '../../domain/shared/lifecycle';
import { RENEWAL_TEMPLATE } from '../../domain/renewal/shipped-template';
import { OPS_MANAGER, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { launchChromium, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';
import { RENEWAL_PLAN_V2_CHANGE } from '../helpers/renewal-plans';

const CS: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Issue 20, renewal on the board: an ops manager maps the strategic tier to its own renewal template,
 * copies the default renewal template, sees a proposal due before the health review refused next to
 * its field as typed, moves the health review to 150 days and publishes v2; customer success then start
 * renewals from the form: a strategic one runs on the tier's template, a standard one on v2, while one
 * started before keeps v1 (the time-skipping half is test/workflow/renewal-template-plan.test.ts).
 */
describe('renewal templates by tier on the board', () => {
  let stack: BatonStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBatonStack('pglite', { api: { devLogin: true } }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const validation = (page: Page) => page.getByTestId('template-validation');
  const renewalBody = (account: string) => ({
    account,
    region: 'east',
    contractId: 'C-1',
    termStart: addCalendarDays(today(), -165),
    contractEnd: addCalendarDays(today(), 200),
    value: 100_000,
    customerSuccessOwner: CS.subject,
  });

  async function startFromForm(page: Page, account: string, tier: string, template: string): Promise<void> {
    await page.goto('/renewals/new');
    await page.getByLabel('Account').fill(account);
    await page.getByLabel('Region').fill('east');
    await page.getByLabel('Contract id').fill('C-1');
    await page.getByLabel('Term start').fill(addCalendarDays(today(), -165));
    await page.getByLabel('Contract end').fill(addCalendarDays(today(), 200));
    await page.getByLabel('Annual value').fill('100000');
    await page.getByLabel('Customer tier').fill(tier);
    await page.getByLabel('Template').selectOption({ label: template });
    await page.getByRole('button', { name: 'Start the follow-up' }).click();
    await page.waitForURL(/\/renewals$/);
    await page.goto(`/renewals/${encodeURIComponent(renewalWorkflowId(account, 'C-1'))}`);
  }

  it('maps a tier to a template, refuses steps out of order as typed, publishes v2 for new renewals', async () => {
    const strategic = {
      ...RENEWAL_TEMPLATE,
      ...RENEWAL_PLAN_V2_CHANGE,
      key: 'renewal-strategic',
      name: 'Strategic renewal',
    };
    expect(
      (await stack.request('POST', '/api/templates/renewal-strategic/versions', strategic, { as: OPS_MANAGER })).status,
    ).toBe(201);
    const before = await stack.request('POST', '/api/renewals', renewalBody('Before Co'), { as: CS });
    expect(before.body.template).toMatchObject({ key: 'renewal', version: 1 });

    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/templates');
    await page.getByRole('textbox', { name: 'Customer tier' }).fill('strategic');
    await page.getByRole('combobox', { name: 'Renewal template' }).selectOption({ label: 'Strategic renewal' });
    await page.getByLabel('Why (shown in the history)').fill('Strategic accounts start a month earlier');
    await page.getByRole('button', { name: 'Set the tier’s template' }).click();
    await page.getByRole('status').getByText('strategic renewals now run on Strategic renewal.').waitFor();
    await page
      .getByTestId('renewal-tier-templates')
      .getByRole('row', { name: /strategic\s+Strategic renewal/ })
      .waitFor();
    await page
      .getByTestId('renewal-tier-templates-history')
      .getByRole('row', {
        name: /strategic\s+v1\s+–\s+Strategic renewal\s+olivia@hq\.example.*Strategic accounts start a month earlier/,
      })
      .waitFor();
    await screenshot(page, 'templates-renewal-tiers');

    await page.getByTestId('templates-renewal').getByRole('link', { name: 'Renewal follow-up' }).click();
    await page.getByRole('heading', { name: 'Renewal follow-up · v1' }).waitFor();
    await page.getByRole('button', { name: 'Copy v1 to a draft' }).click();
    await validation(page).getByText('The draft is valid.').waitFor();
    const proposal = page.getByTestId('renewal-step-proposal').getByLabel('Days before the end');
    await proposal.fill('130');
    await validation(page)
      .getByText(
        'the proposal (130 days before the contract end) must be fewer days than the health review (120): each step comes after the one before',
      )
      .waitFor();
    await page.locator('.field.invalid').getByText('must be fewer days than the health review (120)').waitFor();
    await screenshot(page, 'templates-renewal-bad-order');
    await page.getByTestId('renewal-step-health_review').getByLabel('Days before the end').fill('150');
    await validation(page).getByText('The draft is valid.').waitFor();
    await proposal.fill('90');
    await page
      .getByTestId('template-diff')
      .getByRole('row', { name: 'rules.healthReviewDaysBefore 120 150' })
      .waitFor();
    await page.getByLabel('Why are you publishing this?').fill('Health reviews a month earlier');
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByTestId('published').getByText('Published v2.').waitFor();
    await page.getByRole('heading', { name: 'Renewal follow-up · v2' }).waitFor();
    await screenshot(page, 'templates-renewal-v2');

    // Customer success start renewals from the form: the strategic tier's template, the default (now v2).
    const cs = await newBoardPage(browser, stack.apiUrl);
    await signIn(cs.page, CS);
    await startFromForm(cs.page, 'Strategic Co', 'strategic', 'The template of the customer’s tier');
    await cs.page.getByTestId('renewal-template').getByText('Strategic renewal v1').waitFor();
    await screenshot(cs.page, 'templates-renewal-strategic-case');
    await startFromForm(cs.page, 'Standard Co', 'standard', 'The template of the customer’s tier');
    await cs.page.getByTestId('renewal-template').getByText('Renewal follow-up v2').waitFor();
    await cs.page.goto(`/renewals/${encodeURIComponent(before.body.renewalId as string)}`);
    await cs.page.getByTestId('renewal-template').getByText('Renewal follow-up v1').waitFor();

    // The editor in Chinese: the refusal worded in Chinese.
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('button', { name: '将 v2 复制为草稿' }).click();
    await page.getByTestId('renewal-step-outcome').getByLabel('到期前天数').fill('95');
    await validation(page)
      .getByText('续约结果（合同到期前 95 天）必须少于谈判（60 天）：每一步都在上一步之后')
      .waitFor();
    await screenshot(page, 'templates-renewal-zh');
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(cs.page)).toEqual([]);
  });
});
