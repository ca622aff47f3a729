import { OPS_MANAGER } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

// An ops manager keeps the working-day calendar on the board: sees a year with its holidays and
// adjusted working days, which years are approximate and which cases run on the calendar, adds a
// holiday and saves it; a holiday outside the years the calendar covers is refused with the reason.
// They map a region to its default calendar, which a launch started in that region pins.
describe('working-day calendars on the board', () => {
  const board = boardStack();

  beforeAll(async () => {
    const started = await board.stack.request('POST', '/api/launches', {
      launchId: 'on-cn',
      productName: 'On the China calendar',
      launchDate: new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10),
      calendar: 'cn-mainland',
    });
    expect(started.status).toBe(201);
  });

  it('shows a year, saves a new holiday and refuses one outside the covered years', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('heading', { name: 'Working-day calendars' }).waitFor();
    await page.getByRole('combobox', { name: /^Calendar/ }).selectOption('cn-mainland');
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
    const stored = await board.stack.request('GET', '/api/calendars/cn-mainland');
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
    const unchanged = await board.stack.request('GET', '/api/calendars/cn-mainland');
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

  it("maps a region to its default calendar, which a launch started in it from the form pins, and lists the calendar's open cases", async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/calendars?calendar=cn-mainland&year=2026');
    const defaults = page.getByRole('region', { name: "Regions' default calendars" });
    await defaults.getByText('No region has a default calendar yet').waitFor();
    await defaults.getByLabel('Region').fill('east');
    await defaults.getByLabel('Default calendar').selectOption('cn-mainland');
    await defaults.getByLabel('Why (shown in the history)').fill('The east office keeps the mainland holidays');
    await defaults.getByRole('button', { name: 'Set default' }).click();
    await defaults.getByText('east now counts on').waitFor();
    await defaults
      .getByTestId('region-calendars')
      .getByRole('row', { name: /east .* olivia/ })
      .waitFor();
    // Versioned mappings (issue 20): the change is the region's v1, with who made it and why.
    await defaults
      .getByTestId('region-calendars-history')
      .getByRole('row', { name: /east\s+v1\s+–\s+.*olivia@hq\.example.*The east office keeps the mainland holidays/ })
      .waitFor();
    await screenshot(page, 'calendars-region-default');

    // The start form leaves the calendar to the region; the run pins the region's.
    await page.goto('/launches/new');
    await page.getByLabel('Launch id').fill('east-default');
    await page.getByLabel('Product name').fill('East on its default');
    await page.getByLabel('Launch date').fill(new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('Regions').fill('east');
    expect(await page.getByLabel('Working-day calendar').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Start the launch' }).click();
    await page.waitForURL(/\/launches\/east-default$/);
    expect((await board.stack.request('GET', '/api/launches/east-default')).body.calendar).toBe('cn-mainland');

    await page.goto('/calendars?calendar=cn-mainland&year=2026');
    const cases = page.getByTestId('calendar-cases');
    await cases.getByRole('link', { name: 'East on its default' }).waitFor({ timeout: 20_000 });
    await cases.getByRole('link', { name: 'On the China calendar' }).waitFor();
    await page.getByTestId('covered-years').getByText('Years with complete holidays: 2026').waitFor();
    await screenshot(page, 'calendars-open-cases');

    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('region', { name: '各区域的默认日历' }).getByText('设置人').waitFor();
    await screenshot(page, 'calendars-region-default-zh');

    // Removing the default sends the region back to Mon-Fri for later starts.
    await page.getByRole('button', { name: '移除 east' }).click();
    await page.getByText('尚无区域设置默认日历').waitFor();
    expect((await board.stack.request('GET', '/api/region-calendars')).body.items).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });
});
