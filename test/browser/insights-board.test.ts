import fs from 'node:fs';
import { type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const ADA: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const OLGA: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east-china'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };

const today = new Date().toISOString().slice(0, 10);
const trials: string[] = [];
const CHANNELS = [
  { value: 'search', labels: { en: 'Search', zh: '搜索' } },
  { value: 'tender', labels: { en: 'Tenders', zh: '招投标' } },
];

// Admins keep the lists, the request forms offer them, and the Insights page answers the business's
// numbers with charts, tables, CSV and the cases behind a figure, in English and Chinese.
describe('Insights and reference lists on the web board', () => {
  const board = boardStack();

  beforeAll(async () => {
    const { stack } = board;
    expect(
      (await stack.request('PUT', '/api/reference-lists/lead-channels', { values: CHANNELS }, { as: ADA })).status,
    ).toBe(200);
    for (const [account, channel] of [
      ['Acme Retail', 'search'],
      ['Bolt Foods', 'search'],
      ['Cargo Lines', 'tender'],
    ] as const) {
      const trial = await stack.request(
        'POST',
        '/api/pocs',
        {
          account,
          region: 'east-china',
          industry: 'retail',
          channel,
          opportunity: { id: 'OPP-1', amount: 80_000, currency: 'CNY' },
          product: 'Baton Analytics',
          salesOwner: SAM.subject,
          criteria: [{ description: 'Weekly report without IT', measuredBy: 'the customer builds it alone' }],
          plannedStart: today,
          durationDays: 30,
        },
        { as: SAM },
      );
      expect(trial.status).toBe(201);
      trials.push(trial.body.trialId);
    }
    const deal = await stack.request(
      'POST',
      '/api/deals',
      {
        account: 'Delta Bank',
        region: 'east-china',
        channel: 'tender',
        industry: 'finance',
        products: ['Baton Analytics'],
        opportunity: { id: 'OPP-9', amount: 500_000, currency: 'CNY' },
        dealStage: 'proposal',
        supportTypes: ['customer-visit'],
        dueDate: today,
        salesOwner: SAM.subject,
      },
      { as: SAM },
    );
    expect(deal.status).toBe(201);
    const id = encodeURIComponent(deal.body.dealId);
    const act = (path: string, body: unknown, as: Identity) =>
      stack.request('POST', `/api/deals/${id}/${path}`, body, { as });
    // The time each took, as the people acting record it (issue 21's effort).
    const assignees = { 'customer-visit': [PRESALES.subject] };
    expect((await act('accept', { assignees, effortMinutes: 30 }, PRESALES)).status).toBe(200);
    const visit = { supportType: 'customer-visit', summary: 'Visit', outcome: 'Keen', effortMinutes: 90 };
    expect((await act('support-log', visit, PRESALES)).status).toBe(200);
    expect((await act('won', { note: 'signed', effortMinutes: 15 }, SAM)).status).toBe(200);
    // A company-wide launch run, whose item actions take effort too.
    const launch = { launchId: 'insights-launch', productName: 'Insight', launchDate: '2030-06-03', owners: {} };
    expect((await stack.request('POST', '/api/launches', launch, { as: OLGA })).status).toBe(201);
  });

  it('lets an admin keep a list that the POC form then offers', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, ADA);
    await page.getByRole('link', { name: 'Lists' }).click();
    const channels = page.getByRole('form', { name: 'Lead channels' });
    await channels.getByText('2 values').waitFor();
    const box = channels.getByRole('textbox');
    expect(await box.inputValue()).toBe('search | Search | 搜索\ntender | Tenders | 招投标');
    await box.fill('search | Search | 搜索\ntender | Tenders | 招投标\nmedia | Media | 媒体');
    await channels.getByRole('button', { name: 'Save Lead channels' }).click();
    await channels.getByRole('status').getByText('Lead channels saved').waitFor();
    await channels.getByText('3 values').waitFor();
    await screenshot(page, 'insights-lists-admin');

    await page.goto('/pocs/new');
    const channel = page.getByLabel('Channel');
    await channel.locator('option', { hasText: 'Media' }).waitFor({ state: 'attached' });
    expect(await channel.locator('option').allTextContents()).toEqual(['–', 'Search', 'Tenders', 'Media']);
    expect(pageProblems(page)).toEqual([]);
  });

  it('answers the numbers on the Insights page, with the cases behind a figure and each table as CSV', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OLGA);
    // An action dialog asks for the time spent; the effort report counts it under the role Olga acted in.
    await page.goto(`/pocs/${encodeURIComponent(trials[0]!)}`);
    await page.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve' });
    await dialog.getByLabel('Time spent (minutes)').fill('20');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The trial's timeline names the role Olga acted in and the minutes she recorded.
    await page.getByText('20 min spent').waitFor();
    // So does a launch item's dialog.
    await page.goto('/launches/insights-launch');
    await page
      .getByRole('row', { name: /Demand research evidence/ })
      .getByRole('button', { name: 'Start' })
      .click();
    const start = page.getByRole('dialog', { name: 'Start' });
    await start.getByLabel('Time spent (minutes)').fill('25');
    await screenshot(page, 'launch-item-effort-dialog-en', { fullPage: false });
    await start.getByRole('button', { name: 'Start' }).click();
    await start.waitFor({ state: 'detached' });
    await page.getByText('25 min spent').waitFor();
    await page.getByRole('link', { name: 'Insights' }).click();
    const pocFunnel = page.getByRole('region', { name: 'Funnel from POCs' });
    await pocFunnel.getByRole('button', { name: '3' }).waitFor();
    const channels = page.getByRole('region', { name: 'Channel contribution' });
    // Channels by the names admins gave them. Search: 2 leads of 4 (50%); tenders: 2 leads, one won deal of 500,000.
    await channels.getByRole('cell', { name: 'Tenders' }).waitFor();
    const rows = await channels.locator('tbody tr').allTextContents();
    expect(rows).toEqual(['Search250.0%000.0%0', 'Tenders250.0%0150.0%500000']);
    const effort = page.getByRole('region', { name: 'Effort per role in each step' });
    await effort.getByRole('cell', { name: 'Launches' }).waitFor();
    const effortRows = await Promise.all(
      (await effort.locator('tbody tr').all()).map((row) => row.locator('td').allTextContents()),
    );
    // Per step and role: [step, role, entries, minutes, cases, minutes per case, people per case].
    expect(effortRows.map((row) => [row[1], row[3], row[4], row[6]])).toEqual([
      ['Ops manager', '20', '1', '1'],
      ['Presales', '120', '1', '1'],
      ['Sales', '15', '1', '1'],
      ['Ops manager', '25', '1', '1'],
    ]);
    expect(effortRows.at(-1)![0]).toBe('Launches');
    const perWon = page.getByRole('region', { name: 'Effort per won deal' });
    // All roles: one won deal, 135 minutes on its chain by two people, 500,000 won = 222,222 per hour.
    expect(await perWon.locator('tbody tr').first().textContent()).toBe('All roles11351352222222');
    await screenshot(page, 'insights-page-en');

    await pocFunnel.getByRole('button', { name: '3' }).click();
    const cases = page.getByRole('region', { name: 'Cases behind "Requested"' });
    await cases.getByRole('link', { name: 'Cargo Lines' }).waitFor();
    expect((await cases.locator('tbody tr').allTextContents()).length).toBe(3);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      channels.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe('channels.csv');
    expect(csv).toBe(
      '\uFEFFChannel,Leads,Share,Converted,Won (signed),Win rate,Won value\r\nSearch,2,50.0%,0,0,0.0%,0\r\nTenders,2,50.0%,0,1,50.0%,500000\r\n',
    );

    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('heading', { name: '经营洞察', level: 1 }).waitFor();
    const channelsZh = page.getByRole('region', { name: '渠道贡献' });
    await channelsZh.getByRole('cell', { name: '招投标' }).waitFor();
    // The delivery overview names handoff stages in the reader's language.
    await page.getByRole('region', { name: '交付状态' }).getByRole('cell', { name: '待提交交接包' }).waitFor();
    await screenshot(page, 'insights-page-zh');
    expect(pageProblems(page)).toEqual([]);
  });
});
