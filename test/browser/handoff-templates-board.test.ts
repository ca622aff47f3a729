import type { Page } from 'playwright-core';
import { OPS_MANAGER, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

/**
 * Issue 20, delivery handoff on the board: an ops manager copies the delivery-handoff template, drops the
 * known risks from the package, cuts the package SLA to 2 business days (a reminder as early as the SLA
 * refused as typed), sees a plan without the customer's sign-off refused, adds a training milestone and
 * publishes v2; sales then start a handoff from the form, which runs on v2, while one started before
 * keeps v1 (the time-skipping half is test/workflow/handoff-template-plan.test.ts).
 */
describe('delivery-handoff templates edited on the board', () => {
  const board = boardStack();

  const validation = (page: Page) => page.getByTestId('template-validation');

  it('copies, refuses a reminder outside the SLA and a plan without the sign-off, publishes v2 for new handoffs', async () => {
    const before = await board.stack.request(
      'POST',
      '/api/handoffs',
      { account: 'Before Co', opportunity: 'opp-9', region: 'east', amount: 500000, salesOwner: SALES.subject },
      { as: SALES },
    );
    expect(before.body.template).toMatchObject({ version: 1 });

    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/templates');
    await page.getByTestId('templates-delivery-handoff').getByRole('link', { name: 'Delivery handoff' }).click();
    await page.getByRole('heading', { name: 'Delivery handoff · v1' }).waitFor();
    await page.getByRole('button', { name: 'Copy v1 to a draft' }).click();
    await validation(page).getByText('The draft is valid.').waitFor();

    await page.getByTestId('template-package-items').getByLabel('Known risks').uncheck();
    await page.getByLabel('Within (days)').first().fill('2');
    const reminders = page.getByLabel('Reminders (days before, comma-separated)').first();
    await reminders.fill('2, 0');
    await validation(page)
      .getByText('package reminder 1 (2 days before) falls outside the 2-day package SLA')
      .waitFor();
    await page.locator('.field.invalid').getByText('falls outside the 2-day package SLA').waitFor();
    await screenshot(page, 'templates-handoff-bad-reminder');
    await reminders.fill('1, 0');

    const milestones = page.getByTestId('template-milestones').getByRole('listitem');
    await milestones.last().getByLabel('Customer signs off').uncheck();
    await validation(page)
      .getByText(
        'the milestone plan must end with the one milestone the customer signs off (the acceptance), and have no other',
      )
      .waitFor();
    await milestones.last().getByLabel('Customer signs off').check();
    await page.getByRole('button', { name: 'Add a milestone' }).click();
    const training = milestones.nth(4);
    await training.getByLabel('Key').fill('users-trained');
    await training.getByLabel('Milestone').fill('Users trained');
    await training.getByLabel('Owner').selectOption({ label: 'Customer success' });
    await training.getByLabel('Business days (negative: before)').fill('-2');
    await validation(page).getByText('The draft is valid.').waitFor();
    const diff = page.getByTestId('template-diff');
    await diff.getByRole('row', { name: 'rules.packageSla.days 5 2' }).waitFor();
    await diff
      .getByRole('row', { name: /rules\.milestones\.4\.key\s+"customer-acceptance"\s+"users-trained"/ })
      .waitFor();
    await page.getByLabel('Why are you publishing this?').fill('Known risks come at kickoff; users are trained first');
    await screenshot(page, 'templates-handoff-draft-valid');
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByTestId('published').getByText('Published v2.').waitFor();
    await page.getByRole('heading', { name: 'Delivery handoff · v2' }).waitFor();

    // Sales start a handoff from the form on the default template (the latest: v2); the one before keeps v1.
    const sales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(sales.page, SALES);
    await sales.page.goto('/handoffs/new');
    await sales.page.getByLabel('Account').fill('After Co');
    await sales.page.getByLabel('Opportunity id').fill('opp-9');
    await sales.page.getByLabel('Amount').fill('500000');
    await sales.page.getByLabel('Template').selectOption({ label: 'The latest delivery-handoff template' });
    await sales.page.getByRole('button', { name: 'Start the handoff' }).click();
    await sales.page.getByTestId('handoff-template').getByText('Delivery handoff v2').waitFor();
    expect(await sales.page.locator('#package-known-risks').count()).toBe(0);
    await screenshot(sales.page, 'templates-handoff-new-v2');
    await sales.page.goto(`/handoffs/${encodeURIComponent(before.body.handoffId as string)}`);
    await sales.page.getByTestId('handoff-template').getByText('Delivery handoff v1').waitFor();
    await sales.page.locator('#package-known-risks').waitFor();

    // The editor in Chinese: the refusal worded in Chinese next to its field.
    await page.goto('/templates/delivery-handoff');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('button', { name: '将 v2 复制为草稿' }).click();
    await page.getByTestId('template-package-items').getByLabel('干系人地图').uncheck();
    await validation(page).getByText('资料包必须包含「stakeholders」：交付需要干系人地图').waitFor();
    await screenshot(page, 'templates-handoff-zh');
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(sales.page)).toEqual([]);
  });
});
