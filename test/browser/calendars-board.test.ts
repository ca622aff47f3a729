import type { Browser } from 'playwright-core';
import { OPS_MANAGER, startBatonStack, type BatonStack } from '../helpers/baton-harness';
import { launchChromium, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

// An ops manager keeps the working-day calendar on the board: sees a year with its holidays and
// adjusted working days, which years are approximate and which cases run on the calendar, adds a
// holiday and saves it; a holiday outside the years the calendar covers is refused with the reason.
describe('working-day calendars on the board', () => {
  let stack: BatonStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBatonStack('pglite', { api: { devLogin: true } }), launchChromium()]);
    const started = await stack.request('POST', '/api/launches', {
      launchId: 'on-cn',
      productName: 'On the China calendar',
      launchDate: new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10),
      calendar: 'cn-mainland',
    });
    expect(started.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows a year, saves a new holiday and refuses one outside the covered years', async () => {
    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('heading', { name: 'Working-day calendars' }).waitFor();
    await page.getByLabel('Calendar').selectOption('cn-mainland');
    await page.goto('/calendars?calendar=cn-mainland&year=2026');

    await page.getByRole('button', { name: '2026-10-01: Holiday (国庆节 National Day)' }).waitFor();
    await page.getByRole('button', { name: '2026-10-10: Adjusted working day (调休) (国庆节调休上班)' }).waitFor();
    expect(await page.getByTestId('approximate-year').count()).toBe(0);
    const usage = page.getByTestId('calendar-usage');
    await usage.getByRole('row', { name: 'Launches 1 1' }).waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: '2026-12-24: Working day' }).click();
    await page.getByLabel('Holiday name').fill('Year-end shutdown');
    await page.getByRole('button', { name: 'Mark as holiday' }).click();
    await page.getByText('Unsaved changes: save to apply them.').waitFor();
    await screenshot(page, 'calendars-2026-unsaved');
    await page.getByRole('button', { name: 'Save calendar' }).click();
    await page.getByText('Saved.').waitFor();

    await page.reload();
    await page.getByRole('button', { name: '2026-12-24: Holiday (Year-end shutdown)' }).waitFor();
    const stored = await stack.request('GET', '/api/calendars/cn-mainland');
    expect(stored.body.definition.holidays).toContainEqual({ date: '2026-12-24', name: 'Year-end shutdown' });

    await page.getByRole('button', { name: '2027 →' }).click();
    await page
      .getByTestId('approximate-year')
      .getByText(/lists no holidays for 2027/)
      .waitFor();
    await page.getByRole('button', { name: '2027-01-05: Working day' }).click();
    await page.getByLabel('Holiday name').fill('Not yet announced');
    await page.getByRole('button', { name: 'Mark as holiday' }).click();
    await page.getByRole('button', { name: 'Save calendar' }).click();
    await page
      .getByRole('alert')
      .getByText(/2027-01-05 is outside coveredYears/)
      .waitFor();
    await screenshot(page, 'calendars-2027-refused');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('button', { name: '2027-01-05: Working day' }).waitFor();
    const unchanged = await stack.request('GET', '/api/calendars/cn-mainland');
    expect(unchanged.body.definition.holidays).not.toContainEqual(expect.objectContaining({ date: '2027-01-05' }));

    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('heading', { name: '工作日历' }).waitFor();
    await page
      .getByTestId('approximate-year')
      .getByText(/未录入 2027 年的节假日/)
      .waitFor();
    await screenshot(page, 'calendars-2027-zh');
    expect(pageProblems(page)).toEqual([]);
  });
});
