import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const WU: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };

// Issue 18: each board list exports as CSV, the list's filters and the reader's regions, in their language.
describe('Export CSV on the board lists', () => {
  const board = boardStack();

  beforeAll(async () => {
    for (const [account, region, as] of [
      ['Acme, "East" Retail', 'east', SAM],
      ['West Foods', 'west', WU],
    ] as const) {
      const deal = await board.stack.request(
        'POST',
        '/api/deals',
        {
          account,
          region,
          opportunity: { id: 'OPP-1', amount: 80_000, currency: 'CNY' },
          dealStage: 'negotiation',
          competitors: [],
          supportTypes: ['competitive-brief'],
          dueDate: '2030-03-15',
          salesOwner: as.subject,
        },
        { as },
      );
      expect(deal.status).toBe(201);
    }
  });

  it("downloads the deal list as the reader sees it, with headings in the reader's language", async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, SAM);
    await page.getByRole('link', { name: 'Deals' }).first().click();
    await page.getByRole('link', { name: 'Acme, "East" Retail' }).waitFor();
    await screenshot(page, 'csv-export-deals-en');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFFCase,Account,Region,Opportunity,/);
    // Only the east reader's region; the account's comma and quotes quoted as RFC 4180 says.
    expect(lines.length).toBe(3);
    expect(lines[1]).toContain(',"Acme, ""East"" Retail",east,OPP-1,');

    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    const [zh] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(fs.readFileSync((await zh.path())!, 'utf8').split('\r\n')[0]).toMatch(/^\uFEFF案例,客户,区域,商机,/);
    await screenshot(page, 'csv-export-deals-zh');
    expect(pageProblems(page)).toEqual([]);
  });

  it("downloads a launch's items, its timeline, a deal's timeline and my tasks from where the board shows them", async () => {
    const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };
    const launchDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const started = await board.stack.request('POST', '/api/launches', {
      launchId: 'csv-lite',
      productName: 'CSV Lite',
      launchDate,
      owners: { product_manager: PAT.subject },
    });
    expect(started.status).toBe(201);
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, PAT);
    const download = async (scope: ReturnType<Page['getByTestId']> | Page, name: RegExp) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        scope.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      expect(file.suggestedFilename()).toMatch(name);
      return fs.readFileSync((await file.path())!, 'utf8').split('\r\n');
    };

    await page.goto('/launches/csv-lite');
    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByRole('button', { name: 'Export CSV' }).waitFor();
    const items = await download(checklist, /^launch-items-csv-lite-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(items[0]).toMatch(/^\uFEFFItem,Title,Phase,Owner role,/);
    expect(items.length).toBeGreaterThan(3);
    const timeline = await download(
      page.getByRole('region', { name: 'Timeline' }),
      /^launch-timeline-csv-lite-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(timeline[1]).toMatch(/^1,.*,run\.started,/);
    await screenshot(page, 'csv-export-launch-detail');

    await page.goto('/tasks');
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    const tasks = await download(page, /^tasks-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(tasks[0]).toMatch(/^\uFEFFPlaybook,Case,Case name,/);
    expect(tasks.slice(1).some((line) => line.startsWith('launch,csv-lite,CSV Lite,'))).toBe(true);

    const { page: samPage } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(samPage, SAM);
    await samPage.getByRole('link', { name: 'Deals' }).first().click();
    await samPage.getByRole('link', { name: 'Acme, "East" Retail' }).click();
    const [dealTimeline] = await Promise.all([
      samPage.waitForEvent('download'),
      samPage.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(dealTimeline.suggestedFilename()).toMatch(/^deal-timeline-deal-.*\.csv$/);
    const dealLines = fs.readFileSync((await dealTimeline.path())!, 'utf8').split('\r\n');
    expect(dealLines[1]).toMatch(/^1,.*,sam@east\.example,/);
    await screenshot(samPage, 'csv-export-deal-timeline');
    expect([...pageProblems(page), ...pageProblems(samPage)]).toEqual([]);
  });
});
