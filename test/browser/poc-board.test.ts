import { type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, PHONE, screenshot, signIn } from '../helpers/browser';

const RITA: Identity = { subject: 'rita@east.example', roles: ['regional_ops'], regions: ['east-china'] };
const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east-china'] };

function pocRequest(account: string, region: string, amount = 80_000) {
  return {
    account,
    region,
    industry: 'retail',
    opportunity: { id: `OPP-${account}`, amount, currency: 'CNY' },
    product: 'Baton Analytics',
    salesOwner: region === 'east-china' ? SAM.subject : 'wes@west.example',
    criteria: [
      { key: 'reports', description: 'Weekly sales report without IT', measuredBy: 'the customer builds it alone' },
    ],
    plannedStart: new Date().toISOString().slice(0, 10),
    durationDays: 30,
  };
}

// POCs by region: a regional ops user sees their region's trials, dashboard and tasks, and no
// other region's; a trial is requested from the form, whose refusals are the API's messages.
describe('POCs on the web board', () => {
  const board = boardStack();
  const trialIds: Record<string, string> = {};

  beforeAll(async () => {
    for (const [account, region] of [
      ['acme-east', 'east-china'],
      ['bolt-east', 'east-china'],
      ['westco', 'west-china'],
    ] as const) {
      const requested = await board.stack.request('POST', '/api/pocs', pocRequest(account, region));
      expect(requested.status).toBe(201);
      trialIds[account] = requested.body.trialId;
    }
  });

  it('shows a regional ops user only their region: trials, dashboard, tasks and detail pages', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, RITA);
    await page.getByRole('link', { name: 'POCs' }).click();
    const trials = page.getByRole('region', { name: 'Trials' });
    await trials.getByRole('link', { name: 'acme-east' }).waitFor();
    await trials.getByRole('link', { name: 'bolt-east' }).waitFor();
    expect(await page.getByText('westco').count()).toBe(0);
    expect(await page.getByText('west-china').count()).toBe(0);
    // The region picker offers only what the reader may see.
    expect(await page.getByLabel('Region').locator('option').allTextContents()).toEqual([
      'All my regions',
      'east-china',
    ]);
    // The dashboard counts only the reader's trials, and draws its charts.
    await page.locator('.kpi', { hasText: 'In flight' }).getByText('2', { exact: true }).waitFor();
    for (const chart of ['Funnel by stage', 'Days in stage', 'Conversion trend', 'Why trials were lost']) {
      await page.getByRole('figure', { name: chart }).waitFor();
    }
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'pocs');

    // Another region's trial is not found, as the API answers.
    await page.goto(`/pocs/${encodeURIComponent(trialIds.westco!)}`);
    await page.getByText(/not in your regions/).waitFor();

    // Their approvals are waiting in My tasks, with the buttons right there.
    await page.getByRole('link', { name: 'My tasks' }).click();
    const approval = page
      .getByRole('listitem', { name: 'Approve or reject the POC request' })
      .filter({ hasText: 'acme-east' });
    await approval.waitFor();
    expect(await page.getByText('westco').count()).toBe(0);
    await approval.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await approval.waitFor({ state: 'detached' });
    const live = await board.stack.request('GET', `/api/pocs/${encodeURIComponent(trialIds['acme-east']!)}`);
    expect(live.body.approval.decidedBy).toBe(RITA.subject);

    const phone = await newBoardPage(board.browser, board.stack.apiUrl, PHONE);
    await signIn(phone.page, RITA);
    await phone.page.goto('/pocs');
    await phone.page.getByRole('region', { name: 'Trials' }).getByRole('link', { name: 'bolt-east' }).waitFor();
    await screenshot(phone.page, 'pocs-phone', { fullPage: false });
    for (const opened of [page, phone.page]) expect(pageProblems(opened)).toEqual([]);
    await phone.context.close();
  });

  it('requests a POC from the form, showing the API’s own messages next to the fields', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, SAM);
    await page.goto('/pocs/new');
    // Industries already in use are offered while typing (any other is still accepted).
    const industry = page.locator('input[name="industry"][list]');
    await industry.waitFor();
    await page
      .locator(`datalist#${await industry.getAttribute('list')} option[value="retail"]`)
      .waitFor({ state: 'attached' });
    await page.getByLabel('Account').fill('cosmo-east');
    await page.getByLabel('Amount').fill('a lot');
    await page.getByLabel('Currency').fill('yuan');
    await page.getByRole('button', { name: 'Request the POC' }).click();
    const fieldError = (label: string) =>
      page.locator('.field', { has: page.getByLabel(label) }).locator('.field-error');
    await page.getByRole('alert').getByText('The request does not match the expected schema').waitFor();
    expect(await fieldError('Currency').textContent()).toBe('Currency must be an ISO 4217 code, e.g. CNY');
    // Sentences naming the field, not zod's "Invalid input: expected number, received string" (newcomer walk 7).
    expect(await fieldError('Amount').textContent()).toBe('Amount must be a number');
    expect(await fieldError('Industry').textContent()).toBe('Industry is required');
    expect(
      await page.locator('.field', { hasText: 'What the customer must see' }).locator('.field-error').textContent(),
    ).toMatch(/^[A-Z].* \(entry 1 of Success criteria\) is required$/);
    await screenshot(page, 'start-poc-refused');

    await page.getByLabel('Industry').fill('manufacturing');
    await page.getByLabel('Product').fill('Baton Analytics');
    await page.getByLabel('Opportunity id').fill('OPP-77');
    await page.getByLabel('Amount').fill('150000');
    await page.getByLabel('Currency').fill('CNY');
    await page.getByLabel('Criterion 1: What the customer must see').fill('Line dashboards in real time');
    await page.getByLabel('How everyone will tell it was met').fill('latency under 5 s on the plant floor');
    await page.getByRole('button', { name: 'Request the POC' }).click();
    await page.getByRole('heading', { name: 'cosmo-east · Baton Analytics' }).waitFor();
    await page.getByText('Requested', { exact: true }).first().waitFor();
    await screenshot(page, 'poc-detail');
    expect(pageProblems(page)).toEqual([]);
  });

  it('offers regional ops the environment as their next step when no provisioner is connected, without a failure', async () => {
    const id = trialIds['bolt-east']!;
    expect(
      (await board.stack.request('POST', `/api/pocs/${encodeURIComponent(id)}/approve`, {}, { as: RITA })).status,
    ).toBe(200);
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, RITA);
    await page.goto(`/pocs/${encodeURIComponent(id)}`);
    await page
      .getByText(/^Provision the environment for the .+ and mark it ready; it can then be kicked off$/)
      .waitFor();
    expect(await page.getByText(/failed/i).count()).toBe(0);
    await page
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Record environment', exact: true })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Environment URL').fill('https://bolt.trial.example');
    await screenshot(page, 'poc-provision-by-hand');
    await dialog.getByRole('button', { name: 'Record environment', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Ready', { exact: true }).first().waitFor();
    expect(pageProblems(page)).toEqual([]);
  });

  it('shows the approver what they weigh: amount, sales owner, planned start and the criteria', async () => {
    const requested = await board.stack.request('POST', '/api/pocs', pocRequest('dyna-east', 'east-china'));
    expect(requested.status).toBe(201);
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, RITA);
    await page.goto(`/pocs/${encodeURIComponent(requested.body.trialId)}`);
    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('CN¥80,000').waitFor();
    await dialog.getByText('Weekly sales report without IT').waitFor();
    await dialog.getByText(SAM.subject).waitFor();
    await screenshot(page, 'poc-approve-context');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(pageProblems(page)).toEqual([]);
  });
});
