import type { Page } from 'playwright-core';
import { eventually, OPS_MANAGER, type Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, PHONE, screenshot, signIn } from '../helpers/browser';

const SAM: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east-china'] };
const PETRA: Identity = { subject: 'petra@hq.example', roles: ['presales'] };
const PAULA: Identity = { subject: 'paula@delivery.example', roles: ['project_manager'] };
const CARL: Identity = { subject: 'carl@success.example', roles: ['customer_success'] };

const DEAL_ID = 'deal:acme:OPP-9';
const HANDOFF_ID = 'handoff:acme:OPP-9';

// Deal support, delivery handoff and renewals on the board: sales ask for support from the form,
// presales triage it from their tasks, the won deal's handoff package goes to the project manager,
// who returns it naming what is missing and accepts it once sales complete it; the renewal calendar
// shows the value ending each month and the value at risk.
describe('deals, handoffs and renewals on the web board', () => {
  const board = boardStack();

  it('asks for deal support from the form and triages it from the presales tasks; the board shows it by stage', async () => {
    const sales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(sales.page, SAM);
    await sales.page.goto('/deals/new');
    await sales.page.getByLabel('Account').fill('acme');
    await sales.page.getByLabel('Opportunity id').fill('OPP-9');
    await sales.page.getByLabel('Amount').fill('240000');
    await sales.page.getByLabel('Deal stage in the CRM').fill('proposal');
    await sales.page.getByLabel('Competitors').fill('rival-co, other-co');
    await sales.page.getByLabel('Needed by').fill(daysFromNow(20));
    await sales.page.getByRole('button', { name: 'Ask for support' }).click();
    // No support type ticked: the API's message sits with the checkboxes.
    await sales.page
      .locator('fieldset', { hasText: 'Support asked for' })
      .locator('.field-error')
      .getByText('The support asked for is required')
      .waitFor();
    await screenshot(sales.page, 'start-deal-refused');
    await sales.page.getByLabel('Competitive brief').check();
    await sales.page.getByRole('button', { name: 'Ask for support' }).click();
    await sales.page.getByRole('heading', { name: 'acme · OPP-9' }).waitFor();

    const presales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(presales.page, PETRA);
    const triage = presales.page
      .getByRole('listitem', { name: 'Triage the support request' })
      .filter({ hasText: 'acme' });
    await triage.waitFor();
    await triage.getByRole('button', { name: 'Accept and assign' }).click();
    const dialog = presales.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Accept and assign' }).click();
    // Nobody named: the API refuses, and its message shows in the dialog.
    await dialog.getByRole('alert').getByText('assignees').waitFor();
    await dialog.getByLabel('People for Competitive brief').fill('priya@hq.example');
    await dialog.getByRole('button', { name: 'Accept and assign' }).click();
    await triage.waitFor({ state: 'detached' });

    // The sales owner's board moves the case on by itself.
    await sales.page.getByRole('link', { name: 'Deals' }).click();
    const triaged = sales.page.getByRole('region', { name: /^Triaged/ });
    await triaged.getByRole('link', { name: 'acme' }).waitFor();
    await screenshot(sales.page, 'deals');
    await expectEveryColumnInView(sales.page);
    for (const opened of [sales.page, presales.page]) expect(pageProblems(opened)).toEqual([]);
    await Promise.all([sales.context.close(), presales.context.close()]);
  });

  it('lets the project manager return the handoff package of a won deal, then accept it once sales complete it', async () => {
    const id = encodeURIComponent(DEAL_ID);
    expect(
      (
        await board.stack.request('POST', `/api/deals/${id}/support-log`, {
          supportType: 'competitive-brief',
          summary: 'Battlecard walk-through',
          outcome: 'Customer dropped rival-co',
        })
      ).status,
    ).toBe(200);
    const won = await board.stack.request('POST', `/api/deals/${id}/won`, {
      handoff: {
        requirements: 'Sales analytics for 40 stores',
        commitments: 'Go-live before the peak season',
        knownRisks: 'Legacy POS export',
        targetGoLive: daysFromNow(120),
      },
    });
    expect(won.status).toBe(200);
    await eventually(
      () => board.stack.request('GET', `/api/handoffs/${encodeURIComponent(HANDOFF_ID)}`),
      (response) => response.status === 200,
      30_000,
    );

    // Sales complete the package on the board and submit it.
    const sales = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(sales.page, SAM);
    await sales.page
      .getByRole('listitem', { name: /^Complete and submit the handoff package/ })
      .getByRole('link', { name: /acme/ })
      .click();
    await sales.page.getByRole('heading', { name: 'acme · OPP-9' }).waitFor();
    // The handoff names the deal it came from, by account and opportunity, and links to it.
    const journey = sales.page.getByRole('region', { name: 'Customer journey' });
    await journey.getByRole('link', { name: 'Deal support · acme (OPP-9)' }).click();
    await sales.page.waitForURL(/\/deals\/deal%3Aacme%3AOPP-9$/);
    await sales.page
      .getByRole('region', { name: 'Customer journey' })
      .getByRole('link', { name: 'Delivery handoff · acme (OPP-9)' })
      .click();
    await sales.page.waitForURL(/\/handoffs\/handoff%3Aacme%3AOPP-9$/);
    await provide(sales.page, 'contract', {
      Text: 'Signed 2026-11-20',
      'Evidence link': 'https://crm.example/contracts/OPP-9',
    });
    await provide(sales.page, 'scope', { Text: 'Dashboards for store managers' });
    await provide(sales.page, 'stakeholders', {
      'Decision maker: name': 'Dana Li',
      'Decision maker: contact': 'dana@acme.example',
      'Manager: name': 'Max Wu',
      'Manager: contact': 'max@acme.example',
      'End user: name': 'Eve Chen',
      'End user: contact': 'eve@acme.example',
    });
    await act(sales.page, 'Submit the package');
    await sales.page.getByText('In review', { exact: true }).first().waitFor();

    // The project manager returns it from their tasks, naming what is missing.
    const pm = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(pm.page, PAULA);
    const review = pm.page.getByRole('listitem', { name: 'Review the handoff package' });
    await review.waitFor();
    await screenshot(pm.page, 'tasks-project-manager');
    await review.getByRole('button', { name: 'Return' }).click();
    const dialog = pm.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Return' }).click();
    await dialog.getByText(/Returning the package needs at least one missing item named/).waitFor();
    await dialog.getByLabel('Scope / statement of work').check();
    await dialog.getByLabel('What is wrong with it').fill('The data migration from the legacy POS is not in scope');
    await dialog.getByRole('button', { name: 'Return' }).click();
    await review.waitFor({ state: 'detached' });

    // Sales see it come back on their open page, fix the scope and submit again.
    await sales.page
      .getByText('Returned: The data migration from the legacy POS is not in scope')
      .waitFor({ timeout: 15_000 });
    await provide(sales.page, 'scope', {
      Text: 'Dashboards for store managers, and the migration of three years of POS data',
    });
    await act(sales.page, 'Submit the package');

    // The project manager accepts it on the handoff page.
    await pm.page.goto(`/handoffs/${encodeURIComponent(HANDOFF_ID)}`);
    await act(pm.page, 'Accept');
    await pm.page.getByText('Accepted', { exact: true }).first().waitFor();
    await screenshot(pm.page, 'handoff-detail');
    const live = await board.stack.request('GET', `/api/handoffs/${encodeURIComponent(HANDOFF_ID)}`);
    expect(live.body).toMatchObject({ stage: 'accepted', projectManager: PAULA.subject });
    expect(live.body.reviews.map((review: { decision?: string }) => review.decision)).toEqual(['returned', 'accepted']);

    await pm.page.getByRole('link', { name: 'Handoffs' }).click();
    await pm.page
      .getByRole('region', { name: /^Accepted/ })
      .getByRole('link', { name: 'acme' })
      .waitFor();
    await pm.page.getByText('Returned 1×').waitFor();
    await screenshot(pm.page, 'handoffs');
    await expectEveryColumnInView(pm.page);
    for (const opened of [sales.page, pm.page]) expect(pageProblems(opened)).toEqual([]);
    await Promise.all([sales.context.close(), pm.context.close()]);
  });

  it('shows the renewal calendar with the value ending each month and the value at risk', async () => {
    const ending = daysFromNow(45);
    const started = await board.stack.request('POST', '/api/renewals', {
      account: 'zenith',
      region: 'east-china',
      contractId: 'C-1',
      termStart: daysFromNow(-320),
      contractEnd: ending,
      value: 360_000,
      currency: 'CNY',
      tier: 'strategic',
      customerSuccessOwner: CARL.subject,
    });
    expect(started.status).toBe(201);
    await eventually(
      () => board.stack.request('GET', '/api/renewals/calendar'),
      (response) => response.body.totals?.contracts === 1,
      30_000,
    );

    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, CARL);
    // A renewal started from the form: the API's date check lands on the field it is about.
    await page.goto('/renewals/new');
    await page.getByLabel('Account').fill('orbit');
    await page.getByLabel('Region').fill('east-china');
    await page.getByLabel('Contract id').fill('C-7');
    await page.getByLabel('Term start').fill(daysFromNow(30));
    await page.getByLabel('Contract end').fill(daysFromNow(10));
    await page.getByLabel('Annual value').fill('50000');
    await page.getByRole('button', { name: 'Start the follow-up' }).click();
    await page
      .locator('.field', { has: page.getByLabel('Contract end') })
      .getByText(/^contractEnd \(.+\) is before termStart/)
      .waitFor();
    await screenshot(page, 'start-renewal-refused');
    await page.getByRole('link', { name: 'Renewals' }).click();
    const month = page.getByRole('listitem', {
      name: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${ending.slice(0, 7)}-01T00:00:00Z`),
      ),
    });
    await month.getByText('1 ending').waitFor();
    await month.getByText('360,000', { exact: true }).waitFor();
    await page.getByRole('figure', { name: 'Value ending per month' }).waitFor();
    const listed = page.getByRole('region', { name: /^Renewals ending / });
    await listed.getByText('zenith').waitFor();
    await screenshot(page, 'renewals');
    // The window is the reader's: this month and the next 3 or 24 months, the list below covering the same.
    const months = (count: number) =>
      page.waitForFunction((n) => document.querySelectorAll('.month-grid > li').length === n, count);
    await page.getByLabel('Contracts ending').selectOption('3');
    await months(4);
    await page.getByLabel('Contracts ending').selectOption('24');
    await months(25);
    await listed.getByText('zenith').waitFor();
    // The customer-success owner's next step is on their task list.
    await page.getByRole('link', { name: 'My tasks' }).click();
    await page
      .getByRole('listitem', { name: /^Renewal step: / })
      .getByText(/zenith/)
      .waitFor();

    const phone = await newBoardPage(board.browser, board.stack.apiUrl, PHONE);
    await signIn(phone.page, OPS_MANAGER);
    await phone.page.goto('/handoffs');
    await phone.page.getByRole('link', { name: 'acme' }).waitFor();
    await screenshot(phone.page, 'handoffs-phone', { fullPage: false });
    // Columns with cards come first on a phone; the empty ones fold below them.
    const columns = await phone.page.locator('.board .column').evaluateAll((found) =>
      found
        .map((column) => ({
          top: column.getBoundingClientRect().top,
          cards: column.querySelectorAll('.board-card').length,
        }))
        .sort((a, b) => a.top - b.top),
    );
    expect(columns[0]!.cards).toBeGreaterThan(0);
    await expectEveryColumnInView(phone.page);
    for (const opened of [page, phone.page]) expect(pageProblems(opened)).toEqual([]);
    await phone.context.close();
  });

  it('lets customer success work a renewal on its page: a proposal, an outcome the API refuses, then renewed for term 2', async () => {
    const renewalId = 'renewal:meridian:C-2';
    const started = await board.stack.request('POST', '/api/renewals', {
      account: 'meridian',
      region: 'east-china',
      contractId: 'C-2',
      termStart: daysFromNow(-265),
      contractEnd: daysFromNow(100),
      value: 200_000,
      currency: 'CNY',
      tier: 'key',
      customerSuccessOwner: CARL.subject,
    });
    expect(started.status).toBe(201);
    await eventually(
      () => board.stack.request('GET', '/api/renewals?limit=200'),
      (response) => response.body.items?.some((item: { renewalId: string }) => item.renewalId === renewalId),
      30_000,
    );

    const { page, context } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, CARL);
    await page.goto('/renewals');
    await page.getByRole('region', { name: 'Renewals' }).getByRole('link', { name: 'meridian' }).click();
    await page.getByRole('heading', { name: 'meridian · C-2' }).waitFor();
    const steps = page.getByRole('region', { name: 'Steps of term 1' });
    for (const step of ['Health review', 'Proposal', 'Negotiation', 'Outcome'])
      await steps.getByRole('rowheader', { name: step }).waitFor();

    await act(page, 'Send proposal', { 'Proposed annual value': '210000' });
    await steps.getByText(/^Proposal sent: .*210,000/).waitFor();

    // An expansion to less than the current value: the API refuses, and says why in the dialog.
    await page
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Decide the outcome', exact: true })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Outcome').selectOption('expanded');
    await dialog.getByLabel('New annual value').fill('150000');
    await dialog.getByRole('button', { name: 'Decide the outcome', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText(/An expansion needs a value above/)
      .waitFor();
    await dialog.getByLabel('Outcome').selectOption('renewed');
    await dialog.getByLabel('New annual value').fill('');
    await dialog.getByRole('button', { name: 'Decide the outcome', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('region', { name: 'Steps of term 2' }).waitFor();
    await page
      .getByRole('region', { name: 'Past terms' })
      .getByRole('row', { name: /Term 1/ })
      .getByText('Renewed')
      .waitFor();
    await screenshot(page, 'renewal-detail');
    const live = await board.stack.request('GET', `/api/renewals/${encodeURIComponent(renewalId)}`);
    expect(live.body).toMatchObject({
      term: { number: 2, value: 200_000 },
      pastTerms: [{ number: 1, outcome: 'renewed', newValue: 200_000 }],
    });

    const phone = await newBoardPage(board.browser, board.stack.apiUrl, PHONE);
    await signIn(phone.page, CARL);
    await phone.page.goto(`/renewals/${encodeURIComponent(renewalId)}`);
    await phone.page.getByRole('heading', { name: 'meridian · C-2' }).waitFor();
    await screenshot(phone.page, 'renewal-detail-phone', { fullPage: false });
    for (const opened of [page, phone.page]) expect(pageProblems(opened)).toEqual([]);
    await Promise.all([context.close(), phone.context.close()]);
  });

  it("shows a handed-over handoff's acceptance and handover, and the renewal it started", async () => {
    const id = 'handoff:Nova%20Retail:OPP-12';
    const act = async (suffix: string, body: unknown, as: Identity = PAULA) => {
      const response = await board.stack.request('POST', `/api/handoffs/${encodeURIComponent(id)}/${suffix}`, body, {
        as,
      });
      expect({ suffix, status: response.status }).toEqual({ suffix, status: 200 });
      return response;
    };
    const started = await board.stack.request(
      'POST',
      '/api/handoffs',
      {
        account: 'Nova Retail',
        opportunity: 'OPP-12',
        region: 'east-china',
        amount: 300_000,
        currency: 'CNY',
        salesOwner: SAM.subject,
        projectManager: PAULA.subject,
        prefill: { requirements: 'Dashboards for 40 stores', commitments: 'Go-live before the peak season' },
      },
      { as: SAM },
    );
    expect(started.status).toBe(201);
    await act(
      'package',
      {
        items: [
          { key: 'contract', link: 'https://crm.example/contracts/OPP-12.pdf' },
          { key: 'scope', text: 'Store dashboards' },
          { key: 'known-risks', text: 'None known' },
        ],
        stakeholders: [
          { name: 'Dana Li', role: 'decision_maker', contact: 'dana@nova.example' },
          { name: 'Max Wu', role: 'manager', contact: 'max@nova.example' },
          { name: 'Eve Chen', role: 'end_user', contact: 'eve@nova.example' },
        ],
        targetGoLive: daysFromNow(90),
      },
      SAM,
    );
    await act('submit', {}, SAM);
    await act('accept', {});
    await act('kickoff', {});
    for (const key of ['requirements-confirmed', 'spec-confirmed', 'build-configured', 'tested'])
      await act(`milestones/${key}/complete`, {});
    await act('customer-acceptance', {
      signedBy: 'Dana Li',
      signedByTitle: 'COO',
      signedOn: daysFromNow(0),
      evidence: { link: 'https://docs.example/acceptance.pdf' },
    });
    await act('milestones/customer-acceptance/complete', {});
    await act('handover', {
      termStart: daysFromNow(0),
      contractEnd: daysFromNow(364),
      annualValue: 280_000,
      customerSuccessOwner: CARL.subject,
    });

    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, PAULA);
    await page.goto(`/handoffs/${encodeURIComponent(id)}`);
    const closing = page.getByRole('region', { name: 'Acceptance and handover' });
    await closing.getByText('Dana Li, COO').waitFor();
    await closing.getByText(CARL.subject).waitFor();
    const renewal = page
      .getByRole('region', { name: 'Customer journey' })
      .getByRole('link', { name: 'Renewal · Nova Retail (OPP-12)' });
    await renewal.waitFor({ timeout: 30_000 });
    await screenshot(page, 'handoff-handed-over');
    await renewal.click();
    await page.waitForURL(/\/renewals\/renewal%3ANova%2520Retail%3AOPP-12$/);
    await page
      .getByRole('region', { name: 'Customer journey' })
      .getByRole('link', { name: 'Delivery handoff · Nova Retail (OPP-12)' })
      .waitFor();
    expect(pageProblems(page)).toEqual([]);
  });
});

/** Opens a package item's dialog, fills it and saves it. */
async function provide(page: Page, key: string, values: Record<string, string>): Promise<void> {
  const item = page.locator(`#package-${key}`);
  await item.getByRole('button', { name: /^(Provide|Update)$/ }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(values)) await dialog.getByLabel(label, { exact: false }).fill(value);
  await dialog.getByRole('button', { name: /^(Provide|Update)$/ }).click();
  await dialog.waitFor({ state: 'detached' });
  await item.getByText('Provided', { exact: true }).waitFor();
}

/** Clicks one of the page's action buttons, fills its dialog and confirms it. */
async function act(page: Page, name: string, values: Record<string, string> = {}): Promise<void> {
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  for (const [label, value] of Object.entries(values)) await dialog.getByLabel(label, { exact: false }).fill(value);
  await dialog.getByRole('button', { name, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** No column of a stage board is cut off: each lies inside the page's width (they wrap instead). */
async function expectEveryColumnInView(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  const rights = await page
    .locator('.board .column')
    .evaluateAll((columns) => columns.map((column) => column.getBoundingClientRect().right));
  expect(rights.length).toBeGreaterThan(0);
  expect(rights.filter((right) => right > width)).toEqual([]);
}
