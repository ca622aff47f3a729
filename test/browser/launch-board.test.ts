import type { Page } from 'playwright-core';
import { OPS_MANAGER, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, PHONE, screenshot, signIn, TIME_ZONE } from '../helpers/browser';

const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };

/** The shipped template's gate items, in an order their dependencies allow, with the evidence each asks for. */
const GATE_ITEMS: Array<{ key: string; evidence: 'link' | 'note'; signOff?: boolean }> = [
  { key: 'demand-research', evidence: 'link' },
  { key: 'scenario-positioning', evidence: 'note', signOff: true },
  { key: 'sales-process', evidence: 'link' },
  { key: 'sales-red-lines', evidence: 'note', signOff: true },
  { key: 'competitive-battlecard', evidence: 'link' },
  { key: 'sales-tools', evidence: 'link' },
  { key: 'enablement-materials', evidence: 'link' },
  { key: 'promotion-themes', evidence: 'note' },
  { key: 'poc-experience', evidence: 'link' },
  { key: 'customer-service-readiness', evidence: 'link' },
  { key: 'content-and-pr', evidence: 'link' },
];

// An ops manager runs a launch from the board: starts it from the form (after the API refused a
// bad id), completes the checklist with evidence, is refused the go while anything is open, sees
// the product manager's gate sign-off arrive without reloading, and passes the gate.
describe('launch readiness on the web board', () => {
  const board = boardStack();

  it('starts a launch, completes its items, is refused the gate while something is open, then passes it', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await page.goto('/launches');
    // Not signed in: the board asks who you are first, and comes back here afterwards.
    await page.waitForURL(/\/login\?next=%2Flaunches/);
    await screenshot(page, 'login');
    await signIn(page, OPS_MANAGER);
    await page.goto('/launches');
    await page.getByText('No launches yet.').waitFor();
    expect(await page.getByText(`Times in ${TIME_ZONE}`).count()).toBe(1);

    await page.getByRole('link', { name: 'Start a launch' }).first().click();
    await page.getByRole('heading', { name: 'Start a launch' }).waitFor();
    await page.getByLabel('Launch id').fill('CRM V2');
    await page.getByLabel('Product name').fill('CRM v2');
    await page.getByLabel('Launch date').fill(daysFromNow(60));
    await page.getByLabel('Product manager').fill(PAT.subject);
    // Before starting, the form shows the schedule the launch would have (newcomer walk 10).
    await page.getByRole('button', { name: 'Preview the schedule' }).click();
    const expected = (
      await board.stack.request('POST', '/api/templates/launch-readiness/schedule-preview', {
        launchDate: daysFromNow(60),
        calendar: 'mon-fri',
      })
    ).body as {
      items: Array<{ title: string; date: string; overdue: boolean }>;
      gates: Array<{ title: string; date: string }>;
      earliestLaunchDate: { date: string };
    };
    const preview = page.getByRole('region', { name: 'Schedule on this launch date' });
    await preview.getByText(`${expected.gates[0]!.title}: ${formatDay(expected.gates[0]!.date)}`).waitFor();
    for (const item of expected.items.slice(0, 3))
      await preview.getByText(`${item.title}: ${formatDay(item.date)}`).waitFor();
    await preview
      .getByText(
        `The earliest launch date the checklist allows from today: ${formatDay(expected.earliestLaunchDate.date)}`,
      )
      .waitFor();
    const late = expected.items.filter((item) => item.overdue).length;
    if (late > 0) await preview.getByText(`Overdue on the day it would start: ${late}`).waitFor();
    await screenshot(page, 'start-launch-preview');
    await page.getByRole('button', { name: 'Start the launch' }).click();
    // The API's own message, next to the field it is about.
    const idField = page.locator('.field', { has: page.getByLabel('Launch id') });
    await idField
      .getByText('launch id must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit')
      .waitFor();
    expect(await page.getByRole('alert').getByText('The request does not match the expected schema').count()).toBe(1);
    await screenshot(page, 'start-launch-refused');

    await page.getByLabel('Launch id').fill('crm-v2');
    await page.getByRole('button', { name: 'Start the launch' }).click();
    await page.waitForURL(/\/launches\/crm-v2$/);
    await page.getByRole('heading', { name: 'CRM v2' }).waitFor();
    await page.getByText('0 of 18 done').first().waitFor();

    await completeItem(page, GATE_ITEMS[0]!);
    // The gate refuses while items are open, and the refusal is the API's message.
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    const dialog = page.getByRole('dialog');
    // Before anyone presses Go, the dialog says what still stands in the way (newcomer walk 7).
    await dialog
      .getByText(/^Still open: Scenario positioning, .*\. Still to sign off: Ops manager, Product manager\.$/)
      .waitFor();
    expect(await dialog.getByText(/every gate item is settled/i).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Go', exact: true }).click();
    await dialog.getByText(/Gate "go-no-go" cannot pass yet; open items: scenario-positioning, /).waitFor();
    await screenshot(page, 'launch-gate-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    for (const item of GATE_ITEMS.slice(1)) await completeItem(page, item);
    await page.getByRole('button', { name: 'Sign off as Ops manager' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign off as Ops manager' }).click();
    await page.getByText('Ops manager: signed by olivia@hq.example').waitFor();

    // The product manager signs the gate in a browser of their own ...
    const pm = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(pm.page, PAT);
    await pm.page.goto('/launches/crm-v2');
    await pm.page.getByRole('button', { name: 'Sign off as Product manager' }).click();
    await pm.page.getByRole('dialog').getByRole('button', { name: 'Sign off as Product manager' }).click();
    await pm.page.getByText('Product manager: signed by pat@hq.example').waitFor();
    // ... and the ops manager's open page shows it by itself.
    await page.getByText('Product manager: signed by pat@hq.example').waitFor({ timeout: 15_000 });
    await page.getByText('Ready for go').first().waitFor();

    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Go', exact: true }).click();
    await page.getByText('Launched', { exact: true }).first().waitFor();
    await page
      .getByText(/^Go on /)
      .first()
      .waitFor();
    await screenshot(page, 'launch-detail');

    await page.getByRole('link', { name: 'Launches' }).click();
    await page.getByRole('link', { name: 'CRM v2' }).waitFor();
    await page.getByText(/^Go on /).waitFor();
    await screenshot(page, 'launches');
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(pm.page)).toEqual([]);
    await pm.context.close();
  });

  it('previews what a launch-date move shifts before it is confirmed, and shows tasks overdue first', async () => {
    const started = await board.stack.request('POST', '/api/launches', {
      launchId: 'erp-lite',
      productName: 'ERP Lite',
      launchDate: daysFromNow(10),
      owners: { product_manager: PAT.subject },
    });
    expect(started.status).toBe(201);
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, PAT);

    // Ten days out, the early items are already late: the product manager's tasks lead with them.
    await page.goto('/tasks');
    const first = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) })
      .first();
    await first.getByText('Overdue').waitFor();
    expect(await first.getByRole('heading').textContent()).toBe('Demand research evidence');
    await screenshot(page, 'tasks');
    await first.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Complete' }).click();
    // Left empty: the API says what evidence it needs, in the dialog.
    await page.getByRole('dialog').getByText('Evidence required').waitFor();
    await page.getByRole('dialog').getByLabel('Evidence link').fill('https://wiki.example/research');
    await page.getByRole('dialog').getByRole('button', { name: 'Complete' }).click();
    await page.getByText('Done: Complete "Demand research evidence"').waitFor();
    await page.getByRole('heading', { name: 'Demand research evidence' }).waitFor({ state: 'detached' });

    const ops = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(ops.page, OPS_MANAGER);
    await ops.page.goto('/launches/erp-lite');
    // Its open work cannot finish in ten days: the page says "at risk" with the very dates and slack
    // GET /schedule (and so the what-if) computes (newcomer walk 1).
    const schedule = (await board.stack.request('GET', '/api/launches/erp-lite/schedule')).body as {
      atRisk: boolean;
      earliestLaunchDate: { date: string };
      gates: Array<{ title: string; projectedReadyDate: string; newDueDate: string; slackDays: number }>;
      criticalPath: Array<{ title: string; projectedFinish: string; latestFinish: string; slackDays: number }>;
    };
    expect(schedule.atRisk).toBe(true);
    const plan = ops.page.getByRole('region', { name: 'Schedule' });
    await plan.getByText('At risk', { exact: true }).waitFor();
    await plan
      .getByText(
        `Planned launch ${formatDay(daysFromNow(10))}; the open work allows ${formatDay(schedule.earliestLaunchDate.date)} at the earliest.`,
      )
      .waitFor();
    const gate = schedule.gates[0]!;
    await plan
      .getByText(
        `${gate.title} at risk: ready ${formatDay(gate.projectedReadyDate)} (due ${formatDay(gate.newDueDate)}), ${gate.slackDays} days slack`,
      )
      .waitFor();
    expect(schedule.criticalPath.length).toBeGreaterThan(0);
    for (const step of schedule.criticalPath)
      await plan
        .getByText(
          `${step.title}: done ${formatDay(step.projectedFinish)} at the earliest, ${formatDay(step.latestFinish)} at the latest, ${step.slackDays} days slack`,
        )
        .waitFor();
    await screenshot(ops.page, 'launch-schedule-at-risk');

    // The ops manager snoozes one late item to a later day, with a reason the timeline shows (newcomer walk 10).
    const before = (await board.stack.request('GET', '/api/launches/erp-lite')).body as {
      items: Array<{ key: string; dueDate: string }>;
    };
    const wasDue = before.items.find((entry) => entry.key === 'scenario-positioning')!.dueDate;
    const row = ops.page.locator('#item-scenario-positioning');
    await row.getByRole('button', { name: 'Change due date' }).click();
    const dueDialog = ops.page.getByRole('dialog');
    await dueDialog.getByLabel('New due date').fill(daysFromNow(5));
    await dueDialog.getByLabel('Reason').fill('Waiting on the segment study');
    await dueDialog.getByRole('button', { name: 'Change due date' }).click();
    await dueDialog.waitFor({ state: 'detached' });
    await ops.page
      .getByText(
        `olivia@hq.example moved the due date of "Scenario positioning" from ${wasDue} to ${daysFromNow(5)}: Waiting on the segment study`,
      )
      .waitFor();
    await row.getByText(formatDay(daysFromNow(5))).waitFor();
    await screenshot(ops.page, 'launch-item-due-date-changed');
    const move = ops.page.getByRole('region', { name: 'Change the launch date' });
    await move.getByLabel('New launch date').fill(daysFromNow(90));
    await move.getByLabel('Reason').fill('Waiting on the security review');
    await move.getByRole('button', { name: 'Preview what moves' }).click();
    await move.getByText(/due dates move$/).waitFor();
    await move.getByText(/^Scenario positioning: .* → /).waitFor();
    await screenshot(ops.page, 'launch-date-preview');
    // Nothing moved yet: the header still shows the old date.
    expect(await ops.page.getByText(formatDay(daysFromNow(10))).count()).toBeGreaterThan(0);
    await move.getByRole('button', { name: /^Confirm the move to / }).click();
    await ops.page.getByText(`The launch date is now ${formatDay(daysFromNow(90))}.`).waitFor();
    const live = await board.stack.request('GET', '/api/launches/erp-lite');
    expect(live.body.launchDate).toBe(daysFromNow(90));

    // The same page at a phone's width, and in Chinese.
    const phone = await newBoardPage(board.browser, board.stack.apiUrl, PHONE);
    await signIn(phone.page, OPS_MANAGER);
    await phone.page.goto('/launches/erp-lite');
    await phone.page.getByRole('heading', { name: 'ERP Lite' }).waitFor();
    await screenshot(phone.page, 'launch-detail-phone', { fullPage: false });
    await phone.page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await phone.page.getByRole('link', { name: '我的任务' }).waitFor();
    await phone.page.getByRole('heading', { name: '清单' }).waitFor();
    await screenshot(phone.page, 'launch-detail-phone-zh', { fullPage: false });
    for (const opened of [page, ops.page, phone.page]) expect(pageProblems(opened)).toEqual([]);
    await Promise.all([ops.context.close(), phone.context.close()]);
  });
});

async function completeItem(
  page: Page,
  item: { key: string; evidence: 'link' | 'note'; signOff?: boolean },
): Promise<void> {
  const row = page.locator(`#item-${item.key}`);
  await row.getByRole('button', { name: 'Complete' }).click();
  const dialog = page.getByRole('dialog');
  // The hint says what the item needs, once ("a a link" before newcomer walk 7).
  await dialog.getByText(`This item needs a ${item.evidence} as evidence`).waitFor();
  if (item.evidence === 'link') await dialog.getByLabel('Evidence link').fill(`https://wiki.example/${item.key}`);
  else await dialog.getByLabel('Evidence note').fill(`Agreed in the ${item.key} review`);
  await dialog.getByRole('button', { name: 'Complete' }).click();
  await dialog.waitFor({ state: 'detached' });
  if (item.signOff) {
    await row.getByRole('button', { name: 'Sign off' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign off' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }
  await row.getByText('Done', { exact: true }).waitFor();
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** How the board writes a calendar date in English (en-GB, medium). */
function formatDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
