import type { Page } from 'playwright-core';
import { eventually, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PAULA: Identity = { subject: 'paula@delivery.example', roles: ['project_manager'] };
const PRIYA: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const CARL: Identity = { subject: 'carl@success.example', roles: ['customer_success'] };
const HANDOFF = 'handoff:Harbor%20Foods:OPP-31';

/**
 * The project manager's handoff day (issue 17, the third day-walk), on the board as they would walk it:
 * the package waits in My tasks, they accept it from there, kick the project off, confirm the
 * requirements; presales confirm the spec (their own milestone) from their tasks; the project manager
 * finishes build and test, records the customer's acceptance, completes it, hands over to customer
 * success and follows the link to the renewal it started. The Chinese board words it all in Chinese.
 */
describe("the project manager's handoff day", () => {
  const board = boardStack();

  beforeAll(async () => {
    // Sales' part, over the API: the won deal's handoff, its package complete and submitted.
    const started = await board.stack.request(
      'POST',
      '/api/handoffs',
      {
        account: 'Harbor Foods',
        opportunity: 'OPP-31',
        region: 'east',
        amount: 680_000,
        currency: 'CNY',
        salesOwner: SAM.subject,
        projectManager: PAULA.subject,
        prefill: { requirements: 'Cold-chain dashboards for 12 depots', commitments: 'Chinese UI, go-live before Q2' },
      },
      { as: SAM },
    );
    expect(started.status).toBe(201);
    const path = `/api/handoffs/${encodeURIComponent(started.body.handoffId)}`;
    const packaged = await board.stack.request(
      'POST',
      `${path}/package`,
      {
        items: [
          { key: 'contract', link: 'https://crm.example/contracts/OPP-31.pdf' },
          { key: 'scope', text: 'Depot dashboards and alerts' },
          { key: 'known-risks', text: 'Depot network is slow' },
        ],
        stakeholders: [
          { name: 'Lin Hai', role: 'decision_maker', contact: 'lin@harbor.example' },
          { name: 'Zhou Min', role: 'manager', contact: 'zhou@harbor.example' },
          { name: 'Gao Yu', role: 'end_user', contact: 'gao@harbor.example' },
        ],
        targetGoLive: daysFromNow(75),
      },
      { as: SAM },
    );
    expect(packaged.status).toBe(200);
    expect((await board.stack.request('POST', `${path}/submit`, {}, { as: SAM })).status).toBe(200);
  });

  it('walks from the package review to the renewal the handover started', async () => {
    const pm = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(pm.page, PAULA);

    // The package waits in My tasks; the project manager accepts it from there.
    await pm.page.goto('/tasks');
    const review = pm.page.getByRole('listitem', { name: 'Review the handoff package' });
    await review.getByRole('link', { name: /Harbor Foods · OPP-31/ }).waitFor({ timeout: 20_000 });
    await screenshot(pm.page, 'day-pm-1-tasks');
    await review.getByRole('button', { name: 'Accept' }).click();
    await confirm(pm.page, 'Accept');
    const kickoff = pm.page.getByRole('listitem', { name: 'Hold the project kickoff' });
    await kickoff.waitFor({ timeout: 20_000 });

    // Kickoff from the task, then the handoff page: five milestones, each waiting on the one before.
    await kickoff.getByRole('button', { name: 'Kick off' }).click();
    await confirm(pm.page, 'Kick off');
    await pm.page.goto(`/handoffs/${encodeURIComponent(HANDOFF)}`);
    const milestones = pm.page.getByRole('region', { name: 'Milestones' });
    await milestones.getByText('Requirements confirmed with the customer').waitFor();
    await completeMilestone(pm.page, 'Requirements confirmed with the customer');
    await screenshot(pm.page, 'day-pm-2-kicked-off');

    // Presales confirm the spec, their own milestone, from their tasks.
    const presales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(presales.page, PRIYA);
    await presales.page.goto('/tasks');
    const spec = presales.page.getByRole('listitem', {
      name: 'Milestone: Spec and prototype confirmed by the customer',
    });
    await spec.getByRole('button', { name: 'Complete' }).waitFor({ timeout: 20_000 });
    await screenshot(presales.page, 'day-pm-3-presales-tasks');
    await spec.getByRole('button', { name: 'Complete' }).click();
    await presales.page.getByRole('dialog').getByLabel('Evidence note').fill('Prototype signed off by Zhou Min');
    await confirm(presales.page, 'Complete');
    await spec.waitFor({ state: 'detached', timeout: 20_000 });

    // The project manager finishes build and test, records the customer's acceptance and completes it.
    await pm.page.reload();
    await completeMilestone(pm.page, 'Built and configured');
    await completeMilestone(pm.page, 'Tested');
    await act(pm.page, 'Record customer acceptance', {
      'Signed by (customer side)': 'Lin Hai',
      'Their title': 'COO',
      'Signed on': daysFromNow(0),
      'Evidence link': 'https://docs.example/harbor-acceptance.pdf',
    });
    await completeMilestone(pm.page, 'Customer acceptance (验收)');
    await screenshot(pm.page, 'day-pm-4-accepted');

    // Hand over to customer success: the renewal starts, and the page links to it by name.
    await act(pm.page, 'Hand over to customer success', {
      'Customer success owner': CARL.subject,
      'Term start': daysFromNow(0),
      'Contract end': daysFromNow(364),
      'Annual value': '650000',
    });
    const closing = pm.page.getByRole('region', { name: 'Acceptance and handover' });
    await closing.getByText('Lin Hai, COO').waitFor({ timeout: 20_000 });
    await closing.getByText(CARL.subject).waitFor();
    const renewal = pm.page
      .getByRole('region', { name: 'Customer journey' })
      .getByRole('link', { name: 'Renewal · Harbor Foods (OPP-31)' });
    await renewal.waitFor({ timeout: 30_000 });
    await screenshot(pm.page, 'day-pm-5-handed-over');

    // The Chinese board words the handoff's milestones and sections in Chinese.
    await pm.page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await pm.page.getByText('与客户确认需求').waitFor();
    const main = (await pm.page.locator('main').textContent()) ?? '';
    for (const english of ['Milestones', 'Customer journey', 'Acceptance and handover', 'Renewal ·'])
      expect(main).not.toContain(english);
    const table = (await pm.page.getByRole('region', { name: '里程碑' }).textContent()) ?? '';
    for (const english of ['Requirements confirmed', 'Spec and prototype', 'Built and configured', 'Tested'])
      expect(table).not.toContain(english);
    await screenshot(pm.page, 'day-pm-6-handed-over-zh');
    await pm.page.getByRole('button', { name: '切换到英文' }).click();

    await renewal.click();
    await pm.page.waitForURL(/\/renewals\/renewal%3AHarbor%2520Foods%3AOPP-31$/);
    await pm.page.getByText(CARL.subject).first().waitFor();
    await screenshot(pm.page, 'day-pm-7-renewal');
    const live = await board.stack.request('GET', `/api/handoffs/${encodeURIComponent(HANDOFF)}`);
    expect(live.body.stage).toBe('handed_over');
    await eventually(
      () => board.stack.request('GET', `/api/tasks?assignee=${encodeURIComponent(PAULA.subject)}`),
      (response) => response.body.items.length === 0,
    );
    for (const opened of [pm.page, presales.page]) expect(pageProblems(opened)).toEqual([]);
  });
});

/** Confirms the open dialog with its button and waits for it to close. */
async function confirm(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Clicks one of the page's action buttons, fills its dialog and confirms it. */
async function act(page: Page, name: string, values: Record<string, string> = {}): Promise<void> {
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(values)) await dialog.getByLabel(label, { exact: false }).fill(value);
  await confirm(page, name);
}

/** Completes a milestone from its row on the handoff page and waits until it reads done. */
async function completeMilestone(page: Page, title: string): Promise<void> {
  const row = page
    .getByRole('region', { name: 'Milestones' })
    .getByRole('row', { name: new RegExp(`^${escape(title)}`) });
  await row.getByRole('button', { name: 'Complete' }).click();
  await confirm(page, 'Complete');
  await row.getByText('Done', { exact: true }).waitFor({ timeout: 20_000 });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
