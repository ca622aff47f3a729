import type { Page } from 'playwright-core';
import { OPS_MANAGER } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

/**
 * The launch template edited field by field (issue 20): an ops manager copies the shipped template,
 * moves an item's due offset, sees the dry run refuse a bad offset, a roll on a business-day offset and a
 * dependency cycle next to the fields at fault, adds a reminder, previews the schedule, checks the JSON
 * view and publishes v2 with a reason.
 */
describe('the launch template form on the board', () => {
  const board = boardStack();

  const validation = (page: Page) => page.getByTestId('template-validation');
  /** The shipped template's items in order: 0 demand research, 1 scenario positioning, ... */
  const item = (page: Page, index: number) =>
    page.locator('details.template-item').filter({ has: page.getByTestId(`item-summary-${index}`) });

  it('edits items, rules and gates in a form with the dry run next to each field, then publishes v2', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/templates/launch-readiness');
    await page.getByRole('button', { name: 'Copy v1 to a draft' }).click();
    const form = page.getByTestId('launch-template-form');
    await form.waitFor();
    expect(await page.getByRole('button', { name: 'Form', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await validation(page).getByText('The draft is valid.').waitFor();

    // A bad offset, refused next to its field as it is typed, then a good one.
    await page.getByTestId('item-summary-1').click();
    const positioning = item(page, 1);
    const due = positioning.getByLabel('Due (days from the launch date; negative is before)');
    await due.fill('5000');
    await positioning.locator('.field.invalid').getByText(/3650/).waitFor();
    expect(await page.getByRole('button', { name: 'Publish v2' }).isDisabled()).toBe(true);
    await screenshot(page, 'templates-launch-form-bad-offset');
    await due.fill('-63');
    await validation(page).getByText('The draft is valid.').waitFor();

    // Rolling to the next business day only makes sense for calendar days: refused at the checkbox.
    await positioning.getByLabel('Counted in').selectOption('business-days');
    await positioning.getByLabel('Roll to the next business day').check();
    await positioning
      .locator('.field.invalid')
      .getByText('counts its due date in business days already; only a calendar-day offset can roll to one')
      .waitFor();
    await positioning.getByLabel('Roll to the next business day').uncheck();
    await positioning.getByLabel('Counted in').selectOption('calendar-days');
    await validation(page).getByText('The draft is valid.').waitFor();

    // Scenario positioning already waits for demand research: the reverse closes a cycle.
    await page.getByTestId('item-summary-0').click();
    const research = item(page, 0);
    await research.getByRole('group', { name: 'Waits for' }).getByLabel('Scenario positioning').check();
    await form.getByText('dependency cycle: demand-research -> scenario-positioning -> demand-research').waitFor();
    await screenshot(page, 'templates-launch-form-cycle');
    await research.getByRole('group', { name: 'Waits for' }).getByLabel('Scenario positioning').uncheck();
    await validation(page).getByText('The draft is valid.').waitFor();

    // A new reminder rule, two business days before each due date.
    const reminderCount = (await board.stack.request('GET', '/api/templates/launch-readiness')).body.definition
      .reminders.length as number;
    await form.getByRole('button', { name: 'Add a reminder' }).click();
    const reminder = form.getByTestId(`reminder-${reminderCount}`);
    await reminder.getByLabel('Remind this many days before the due date').fill('2');
    await validation(page).getByText('The draft is valid.').waitFor();

    const diff = page.getByTestId('template-diff');
    await diff.getByRole('row', { name: /items\.1\.due\.days\s+-56\s+-63/ }).waitFor();
    await diff.getByRole('row', { name: new RegExp(`reminders\\.${reminderCount}\\.before\\.days\\s+2`) }).waitFor();
    // The indented dependency list and the schedule preview follow the draft.
    await page.getByTestId('template-tree').getByText('↳ Demand research evidence').first().waitFor();
    await page.getByLabel('Sample launch date').fill('2027-03-01');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByTestId('schedule-preview').getByRole('row', { name: 'Scenario positioning 2026-12-28' }).waitFor();
    await screenshot(page, 'templates-launch-form-valid');

    // The JSON view shows what the form made, and stays editable.
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    const json = JSON.parse(await page.getByLabel('Template as JSON').inputValue()) as {
      items: { key: string; due: { days: number } }[];
    };
    expect(json.items[1]).toMatchObject({ key: 'scenario-positioning', due: { days: -63 } });
    await page.getByRole('button', { name: 'Form', exact: true }).click();

    await page.getByLabel('Why are you publishing this?').fill('Positioning needs a week more before the red lines');
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByTestId('published').getByText('Published v2.').waitFor();
    const stored = await board.stack.request('GET', '/api/templates/launch-readiness/versions/2');
    expect(stored.body.definition.items[1]).toMatchObject({ key: 'scenario-positioning', due: { days: -63 } });
    expect(stored.body.definition.items[1]).not.toHaveProperty('rollToBusinessDay');
    expect(stored.body.definition.reminders[reminderCount]).toEqual({ before: { days: 2, unit: 'business-days' } });

    // In Chinese: the form's labels and the dry run's refusal next to its field.
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('button', { name: '将 v2 复制为草稿' }).click();
    await page.getByTestId('item-summary-1').click();
    await item(page, 1).getByLabel('截止（距上市日的天数，负数为之前）').fill('5000');
    await item(page, 1).locator('.field.invalid').waitFor();
    await screenshot(page, 'templates-launch-form-zh');
    expect(pageProblems(page)).toEqual([]);
  });
});
