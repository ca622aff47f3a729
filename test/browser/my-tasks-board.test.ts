import type { Page } from 'playwright-core';
import { OPS_MANAGER, eventually, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const LAUNCHES = 6;

/**
 * My tasks over every playbook (issue 17 item 8) on the board: the ops manager's launch items, gate
 * sign-offs and POC approvals in one list, blocked work apart, filter chips for overdue, mine and my
 * roles, "load more", and the approve button working from the list; in English and Chinese.
 */
describe('my tasks on the web board', () => {
  const board = boardStack();

  /** What the API says the ops manager's list holds under these filters (the board must show the same). */
  const apiTasks = async (filters: string) => {
    const items: Array<{ blocked: boolean; overdue: boolean; why: string; kind: string; people: string[] }> = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: typeof items; nextCursor: string | null } } = await board.stack.request(
        'GET',
        `/api/tasks?${filters}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        undefined,
        { as: OPS_MANAGER },
      );
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  };
  const section = (page: Page, name: RegExp) => page.getByRole('region', { name });
  const rows = (page: Page, name: RegExp) => section(page, name).getByRole('listitem');
  const heading = async (page: Page, name: RegExp) =>
    (await section(page, name).getByRole('heading', { level: 2 }).textContent()) ?? '';

  beforeAll(async () => {
    // Ten days out, the early items are late; later phases wait on the earlier ones and on the gates.
    for (let index = 0; index < LAUNCHES; index += 1) {
      const started = await board.stack.request('POST', '/api/launches', {
        launchId: `tasks-${index}`,
        productName: `Tasks Product ${index}`,
        launchDate: daysFromNow(10 + index),
        owners: index === 0 ? { ops_manager: OPS_MANAGER.subject } : {},
      });
      expect(started.status).toBe(201);
    }
    const trial = await board.stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Approval Co',
        region: 'east',
        industry: 'retail',
        opportunity: { id: 'opp-1', amount: 90000 },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        criteria: [{ description: 'Works', measuredBy: 'the customer says so' }],
        plannedStart: daysFromNow(20),
        durationDays: 30,
      },
      { as: SALES },
    );
    expect(trial.status).toBe(201);
    await eventually(
      async () => (await apiTasks('state=actionable')).filter((task) => task.kind === 'poc-approval').length,
      (count) => count === 1,
    );
  });

  it('lists what can be done now apart from what is blocked, with filters, load more and working buttons', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/tasks');

    const actionable = await apiTasks('state=actionable');
    const blocked = await apiTasks('state=blocked');
    expect(blocked.length).toBeGreaterThan(50);
    const now = /^Actionable now/;
    const waiting = /^Blocked/;
    await section(page, waiting).waitFor();
    // The headings count what is shown; the blocked group shows its first page of 50 and offers more.
    expect(await heading(page, now)).toBe(`Actionable now (${actionable.length})`);
    expect(await heading(page, waiting)).toBe('Blocked (50)');
    expect(await rows(page, now).count()).toBe(actionable.length);
    // Gate sign-offs are tasks too; they wait on the gate's open items, so they sit with the blocked.
    expect(await rows(page, waiting).filter({ hasText: 'Sign off the gate "' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'my-tasks');
    await section(page, waiting).getByRole('button', { name: 'Load more' }).click();
    await section(page, waiting)
      .getByRole('heading', { name: `Blocked (${Math.min(100, blocked.length)})` })
      .waitFor();
    expect(await rows(page, waiting).count()).toBe(Math.min(100, blocked.length));

    // Overdue only: every row says so, and the counts are the API's (late work here is all blocked behind earlier work).
    await page.getByRole('button', { name: 'Overdue only' }).click();
    const overdue = await apiTasks('state=blocked&overdue=true');
    expect(overdue.length).toBeGreaterThan(0);
    const lateNow = await apiTasks('state=actionable&overdue=true');
    await section(page, waiting)
      .getByRole('heading', { name: `Blocked (${Math.min(50, overdue.length)})` })
      .waitFor();
    if (lateNow.length === 0) await section(page, now).getByText('Nothing can be done now').waitFor();
    expect(await rows(page, now).count()).toBe(lateNow.length);
    for (const row of await rows(page, waiting).all()) await row.getByText('Overdue', { exact: true }).waitFor();
    await screenshot(page, 'my-tasks-overdue');
    await page.getByRole('button', { name: 'Overdue only' }).click();

    // Only mine: the tasks that name the ops manager (tasks-0 names them its ops manager).
    await page.getByRole('button', { name: 'Only mine' }).click();
    const mine = await apiTasks('scope=mine');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((task) => task.people.includes(OPS_MANAGER.subject))).toBe(true);
    const mineBlocked = mine.filter((task) => task.blocked).length;
    await section(page, waiting)
      .getByRole('heading', { name: `Blocked (${mineBlocked})` })
      .waitFor();
    expect(await rows(page, now).count()).toBe(mine.length - mineBlocked);
    expect(await rows(page, waiting).filter({ hasText: 'Tasks Product 0' }).count()).toBe(mineBlocked);
    await screenshot(page, 'my-tasks-mine');
    // Only my roles: the rest, none of it naming anyone.
    await page.getByRole('button', { name: 'Only my roles' }).click();
    const roles = await apiTasks('state=actionable&scope=roles');
    await section(page, now)
      .getByRole('heading', { name: `Actionable now (${roles.length})` })
      .waitFor();
    expect(await rows(page, now).filter({ hasText: 'assigned to you' }).count()).toBe(0);
    await screenshot(page, 'my-tasks-roles');

    // The POC approval acts from the list, with the request's context in the dialog.
    const approval = rows(page, now).filter({ hasText: 'Approve or reject the POC request' });
    await approval.getByRole('link', { name: /Approval Co/ }).waitFor();
    await approval.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(SALES.subject).waitFor();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await approval.waitFor({ state: 'detached', timeout: 20_000 });

    // The Chinese board: chips, headings and rows in Chinese.
    await page.getByRole('button', { name: 'Mine and my roles' }).click();
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('button', { name: '只看逾期' }).waitFor();
    await section(page, /^现在可办/).waitFor();
    await section(page, /^受阻/).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const english of ['Actionable now', 'Blocked', 'Sign off', 'Load more', 'Overdue', 'your role'])
      expect(text).not.toContain(english);
    await screenshot(page, 'my-tasks-zh');
    expect(pageProblems(page)).toEqual([]);
  });
});

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
