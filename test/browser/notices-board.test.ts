import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  OPS_MANAGER,
  startBatonStack,
  TEST_JWT_SECRET,
  type BatonStack,
  type Identity,
} from '../helpers/baton-harness';
import { launchChromium, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';
import type { MailConfig } from '../../runtime/config';

const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };
const SAM: Identity = { subject: 'sam@hq.example', roles: ['presales'] };

// An ops manager assigns an item on the board; the assignee signs in, sees the unread notice in the
// top bar, follows it to the item, and the notice is read. Local mode's caught mail shows the mail
// that went with it, and the Chinese board words the launch timeline in Chinese.
describe('notices on the web board', () => {
  let stack: BatonStack;
  let browser: Browser;

  beforeAll(async () => {
    const mail: MailConfig = {
      from: 'Baton <baton@localhost>',
      boardUrl: 'http://localhost:3000',
      secret: TEST_JWT_SECRET,
      catchDir: path.join(mkdtempSync(path.join(tmpdir(), 'baton-board-mail-')), 'mail'),
    };
    [stack, browser] = await Promise.all([
      startBatonStack('pglite', { api: { devLogin: true, mail }, mail }),
      launchChromium(),
    ]);
    const start = await stack.request('POST', '/api/launches', {
      launchId: 'told',
      productName: 'Told',
      launchDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      owners: { ops_manager: OPS_MANAGER.subject, product_manager: PAT.subject },
    });
    expect(start.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('takes the assignee from the unread notice to the item, and marks it read', async () => {
    // Sam signs in once, so the directory knows them before anything is assigned.
    const sam = await newBoardPage(browser, stack.apiUrl);
    await signIn(sam.page, SAM);

    const ops = await newBoardPage(browser, stack.apiUrl);
    await signIn(ops.page, OPS_MANAGER);
    await ops.page.goto('/launches/told');
    const row = ops.page.locator('#item-sales-tools');
    await row.getByRole('button', { name: 'Reassign' }).click();
    await ops.page.getByRole('dialog').getByLabel('Assign to (email)').fill(SAM.subject);
    await ops.page.getByRole('dialog').getByRole('button', { name: 'Reassign' }).click();
    await ops.page.getByRole('dialog').waitFor({ state: 'detached' });
    await row.getByText(SAM.subject).first().waitFor();

    await sam.page.goto('/tasks');
    await sam.page.getByTestId('unread-count').getByText('1', { exact: true }).waitFor({ timeout: 20_000 });
    await screenshot(sam.page, 'notices-unread-count', { fullPage: false });
    await sam.page.getByRole('link', { name: 'Inbox, 1 unread' }).click();
    const notice = sam.page.getByTestId('notice').first();
    await notice.getByText(`[Launch] ${OPS_MANAGER.subject} assigned you "Sales tools"`).waitFor();
    await screenshot(sam.page, 'notices-inbox');
    await notice.getByRole('button').click();
    await sam.page.waitForURL(/\/launches\/told#item-sales-tools$/);
    await sam.page.locator('#item-sales-tools').waitFor();
    await sam.page.getByRole('link', { name: 'Inbox, 0 unread' }).waitFor({ timeout: 15_000 });
    expect(await sam.page.getByTestId('unread-count').count()).toBe(0);

    // Local mode caught the mail that went with the notice, link to the item included.
    await sam.page.goto('/mail');
    const caught = sam.page.getByTestId('caught-mail').filter({ hasText: 'Sales tools' }).first();
    await caught.waitFor({ timeout: 20_000 });
    expect(await caught.textContent()).toContain('http://localhost:3000/launches/told#item-sales-tools');
    await screenshot(sam.page, 'notices-caught-mail');
    expect(pageProblems(sam.page)).toEqual([]);
    expect(pageProblems(ops.page)).toEqual([]);
  });

  it('words the launch timeline in Chinese on the Chinese board', async () => {
    const { page } = await newBoardPage(browser, stack.apiUrl);
    await signIn(page, OPS_MANAGER);
    await page.goto('/launches/told');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByText(`${OPS_MANAGER.subject} 将「销售工具」分配给 ${SAM.subject}`).waitFor();
    // The shipped template's item titles are worded in Chinese too.
    await page.locator('#item-sales-tools').getByText('销售工具').waitFor();
    await page.getByText(`${OPS_MANAGER.subject} 启动了上市准备`).waitFor();
    await screenshot(page, 'notices-timeline-zh');
    expect(pageProblems(page)).toEqual([]);
  });
});
