import type { Browser, Page } from 'playwright-core';
import { OPS_MANAGER, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { pocRequestBody } from '../helpers/poc-fixtures';
import { launchChromium, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

/**
 * Issue 20's Done-when on the board: an ops manager copies the POC template, changes the check-in
 * cadence and adds a success criterion, sees the validation refuse a bad offset as they type, publishes
 * v2 with a reason; a new trial runs on v2 while a trial started before keeps v1's cadence (the
 * time-skipping half is test/workflow/poc-template-plan.test.ts).
 */
describe('POC templates edited on the board', () => {
  let stack: BatonStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBatonStack('pglite', { api: { devLogin: true } }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const requestTrial = async (account: string): Promise<string> => {
    const started = await stack.request('POST', '/api/pocs', pocRequestBody(account, SALES.subject), { as: SALES });
    expect(started.status).toBe(201);
    return started.body.trialId as string;
  };

  const validation = (page: Page) => page.getByTestId('template-validation');

  it('copies, edits, refuses a bad offset, publishes v2, and only new trials run on it', async () => {
    const before = await requestTrial('Before Co');
    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Playbook templates' }).waitFor();
    await page.getByTestId('templates-poc').getByRole('link', { name: 'POC trial' }).click();
    await page.getByRole('heading', { name: 'POC trial · v1' }).waitFor();
    await page.getByTestId('template-history').getByText('shipped with Baton').waitFor();

    await page.getByRole('button', { name: 'Copy v1 to a draft' }).click();
    await page.getByRole('heading', { name: 'Draft from v1' }).waitFor();
    await validation(page).getByText('The draft is valid.').waitFor();

    // A bad offset: a reminder 5 days before a 2-day approval SLA, refused as it is typed.
    const reminders = page.getByLabel('Approval reminders (days before, comma-separated)');
    await reminders.fill('5, 0');
    await validation(page)
      .getByText('approval reminder 1 (5 days before) falls outside the 2-day approval SLA')
      .waitFor();
    await page.locator('.field.invalid').getByText('falls outside the 2-day approval SLA').waitFor();
    expect(await page.getByRole('button', { name: 'Publish v2' }).isDisabled()).toBe(true);
    await screenshot(page, 'templates-poc-bad-offset');
    await reminders.fill('1, 0');

    // The cadence, and a grace as long as it refused too, then a weekly cadence cut to every 3 days.
    const cadence = page.getByLabel('Check-in every (days)');
    await cadence.fill('2');
    await validation(page)
      .getByText('the check-in grace (2 days) must be shorter than the check-in cadence (2 days)')
      .waitFor();
    await cadence.fill('3');

    await page.getByRole('button', { name: 'Add a criterion' }).click();
    const criterion = page.getByTestId('template-criteria').getByRole('listitem').first();
    await criterion.getByLabel('Key').fill('data-import');
    await criterion.getByLabel('Criterion').fill('Their own data imported in a day');
    await criterion.getByLabel('Measured by').fill('the import log');
    await validation(page).getByText('The draft is valid.').waitFor();

    const diff = page.getByTestId('template-diff');
    await diff.getByRole('row', { name: 'rules.checkInEveryDays 7 3' }).waitFor();
    await diff.getByRole('row', { name: /defaultCriteria\.0\.key\s+"data-import"/ }).waitFor();
    await page.getByLabel('Why are you publishing this?').fill('Short trials need a check-in twice a week');
    await screenshot(page, 'templates-poc-draft-valid');
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByTestId('published').getByText('Published v2.').waitFor();
    await page.getByRole('heading', { name: 'POC trial · v2' }).waitFor();
    await page
      .getByTestId('template-history')
      .getByRole('row', { name: /v2 olivia@hq\.example .* Short trials need a check-in twice a week v1/ })
      .waitFor();
    await screenshot(page, 'templates-poc-published');

    const stored = await stack.request('GET', '/api/templates/poc/versions/2');
    expect(stored.body).toMatchObject({
      createdBy: OPS_MANAGER.subject,
      reason: 'Short trials need a check-in twice a week',
      basedOn: 1,
      definition: { rules: { checkInEveryDays: 3, approvalRemindersBefore: [1, 0] } },
    });

    // A trial requested now runs on v2; the one requested before keeps v1's weekly check-ins.
    const after = await requestTrial('After Co');
    await page.goto(`/pocs/${encodeURIComponent(after)}`);
    await page.getByTestId('poc-template').getByText('POC trial v2 · check-in every 3 days').waitFor();
    await page.getByText('Their own data imported in a day').waitFor();
    await screenshot(page, 'templates-poc-new-trial-v2');
    await page.goto(`/pocs/${encodeURIComponent(before)}`);
    await page.getByTestId('poc-template').getByText('POC trial v1 · check-in every 7 days').waitFor();
    expect(await page.getByText('Their own data imported in a day').count()).toBe(0);

    // The editor in Chinese: a refusal worded in Chinese next to its field.
    await page.goto('/templates/poc');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('button', { name: '将 v2 复制为草稿' }).click();
    await page.getByLabel('检查周期（天）').fill('2');
    await validation(page).getByText('检查宽限期（2 天）必须短于检查周期（2 天）').waitFor();
    await screenshot(page, 'templates-poc-zh');
    expect(pageProblems(page)).toEqual([]);
  });

  it('refuses a dependency cycle in a launch draft and previews its schedule on a sample date', async () => {
    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/templates/launch-readiness');
    await page.getByTestId('template-tree').getByText('↳ Demand research evidence').first().waitFor();
    await page.getByRole('button', { name: 'Copy v1 to a draft' }).click();
    // The form is the default view of a launch draft (launch-template-form.test.ts); this test edits the JSON.
    await page.getByRole('button', { name: 'JSON', exact: true }).click();
    const json = page.getByLabel('Template as JSON');
    const definition = JSON.parse(await json.inputValue()) as {
      items: { key: string; dependsOn: string[]; due: { days: number } }[];
    };
    const research = definition.items.find((item) => item.key === 'demand-research')!;
    // scenario-positioning already waits for demand-research: the reverse closes a cycle.
    research.dependsOn = ['scenario-positioning'];
    await json.fill(JSON.stringify(definition, null, 2));
    await validation(page)
      .getByText('dependency cycle: demand-research -> scenario-positioning -> demand-research')
      .waitFor();
    await screenshot(page, 'templates-launch-cycle');

    research.dependsOn = [];
    research.due = { days: -80 };
    await json.fill(JSON.stringify(definition, null, 2));
    await validation(page).getByText('The draft is valid.').waitFor();
    await page
      .getByTestId('template-diff')
      .getByRole('row', { name: /items\.0\.due\.days\s+-70\s+-80/ })
      .waitFor();
    await page.getByLabel('Sample launch date').fill('2027-03-01');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page
      .getByTestId('schedule-preview')
      .getByRole('row', { name: 'Demand research evidence 2026-12-11' })
      .waitFor();
    await screenshot(page, 'templates-launch-preview');
    expect((await stack.request('GET', '/api/templates/launch-readiness')).body.version).toBe(1);
    expect(pageProblems(page)).toEqual([]);
  });
});
