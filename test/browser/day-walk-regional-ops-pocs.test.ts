import type { Page } from 'playwright-core';
import { type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const RITA: Identity = { subject: 'rita@east.example', roles: ['regional_ops'], regions: ['east-china'] };
const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east-china'] };

/**
 * The regional ops' POC day (issue 17, a day-walk), on the board as they would walk it: sales request a
 * trial from the form; regional ops find the approval in My tasks and decide it with the amount and the
 * criteria in front of them; with no provisioner connected they record the environment by hand, kick
 * the trial off, log a check-in, mark the criterion met with its evidence and record the conversion;
 * their region's dashboard then counts it, and the Chinese board words the trial in Chinese.
 */
describe("the regional ops' POC day", () => {
  const board = boardStack();

  it('walks a trial from the request to its conversion and the region’s dashboard', async () => {
    // Sales' part: the request, from the form.
    const sales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(sales.page, SAM);
    await sales.page.goto('/pocs/new');
    await sales.page.getByLabel('Account').fill('Lakeside Retail');
    await sales.page.getByLabel('Industry').fill('retail');
    await sales.page.getByLabel('Product').fill('Baton Analytics');
    await sales.page.getByLabel('Opportunity id').fill('OPP-LAKE');
    await sales.page.getByLabel('Amount').fill('150000');
    await sales.page.getByLabel('Currency').fill('CNY');
    await sales.page
      .getByLabel('Criterion 1: What the customer must see')
      .fill('Store managers build the weekly report');
    await sales.page.getByLabel('How everyone will tell it was met').fill('three stores do it without IT');
    await sales.page.getByRole('button', { name: 'Request the POC' }).click();
    await sales.page.getByRole('heading', { name: 'Lakeside Retail · Baton Analytics' }).waitFor();
    await screenshot(sales.page, 'day-poc-1-requested');

    // Regional ops: the approval waits in My tasks, with what they weigh in the dialog.
    const ops = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(ops.page, RITA);
    await ops.page.goto('/tasks');
    const approval = ops.page
      .getByRole('listitem', { name: 'Approve or reject the POC request' })
      .filter({ hasText: 'Lakeside Retail' });
    await approval.waitFor({ timeout: 20_000 });
    await approval.getByRole('button', { name: 'Approve' }).click();
    const dialog = ops.page.getByRole('dialog');
    await dialog.getByText('CN¥150,000').waitFor();
    // The task list names the sales owner and how many criteria there are; the trial's page lists them.
    await dialog.getByText(SAM.subject).waitFor();
    await screenshot(ops.page, 'day-poc-2-approve-with-context');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await approval.waitFor({ state: 'detached', timeout: 20_000 });

    // No provisioner is connected: recording the environment is the next step, not a failure.
    await ops.page.goto('/pocs');
    await ops.page.getByRole('region', { name: 'Trials' }).getByRole('link', { name: 'Lakeside Retail' }).click();
    await ops.page.getByText(/^Provision the environment for the .+ and mark it ready/).waitFor({ timeout: 20_000 });
    expect(await ops.page.getByText(/failed/i).count()).toBe(0);
    await act(ops.page, 'Record environment', { 'Environment URL': 'https://lakeside.trial.example' });
    await ops.page.getByText('Ready', { exact: true }).first().waitFor({ timeout: 20_000 });

    // The trial runs: kickoff, a check-in, the criterion met with its evidence.
    await act(ops.page, 'Kick off', {});
    await ops.page.getByText('Active', { exact: true }).first().waitFor({ timeout: 20_000 });
    await act(ops.page, 'Check in', { Summary: 'Two stores built the report on day 3' }, { Health: 'green' });
    await ops.page.getByText('Two stores built the report on day 3', { exact: true }).waitFor({ timeout: 20_000 });
    const criteria = ops.page.getByRole('region', { name: 'Success criteria' });
    await criteria.getByRole('button', { name: 'Mark' }).click();
    const mark = ops.page.getByRole('dialog');
    await mark.getByLabel('Status').selectOption('met');
    await mark.getByLabel('Evidence').fill('Three stores sent their weekly report without IT');
    await mark.getByRole('button', { name: 'Mark' }).click();
    await mark.waitFor({ state: 'detached' });
    await criteria
      .getByText('Three stores sent their weekly report without IT', { exact: true })
      .waitFor({ timeout: 20_000 });
    await screenshot(ops.page, 'day-poc-3-active-criterion-met');

    // The conversion, and the region's dashboard counting it.
    await act(ops.page, 'Converted', {});
    await ops.page.getByText('Converted', { exact: true }).first().waitFor({ timeout: 20_000 });
    await screenshot(ops.page, 'day-poc-4-converted');
    await ops.page.goto('/pocs');
    await ops.page.locator('.kpi', { hasText: 'Conversion' }).getByText('100%').waitFor({ timeout: 20_000 });
    await screenshot(ops.page, 'day-poc-5-dashboard');

    // The same trial on the Chinese board.
    await ops.page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await ops.page.getByRole('region', { name: '试用列表' }).getByRole('link', { name: 'Lakeside Retail' }).click();
    // The timeline words the values in Chinese too: the health and the criterion's status.
    await ops.page
      .getByText(/做了检查（良好）/)
      .first()
      .waitFor({ timeout: 20_000 });
    await ops.page
      .getByText(/标记为已达成/)
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(ops.page, 'day-poc-6-zh');
    for (const opened of [sales.page, ops.page]) expect(pageProblems(opened)).toEqual([]);
  });
});

/** Opens one of the trial's actions, fills its dialog and sends it. */
async function act(
  page: Page,
  name: string,
  fields: Record<string, string>,
  selects: Record<string, string> = {},
): Promise<void> {
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  for (const [label, value] of Object.entries(selects)) await dialog.getByLabel(label).selectOption(value);
  await dialog.getByRole('button', { name, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 20_000 });
}
