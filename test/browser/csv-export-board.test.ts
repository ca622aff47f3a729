import fs from 'node:fs';
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
});
