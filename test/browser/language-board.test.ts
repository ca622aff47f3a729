import type { Identity } from '../helpers/baton-harness';
import { boardStack, newBoardPage, pageProblems, screenshot, signIn } from '../helpers/browser';

const SALES: Identity = { subject: 'li.lei@east.example', roles: ['sales'], regions: ['east'] };
const OPS_ZH: Identity = { subject: 'wang.fang@east.example', roles: ['regional_ops'], regions: ['east'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };

// A Chinese reader on the Chinese board: POC and handoff timelines are worded from the texts the
// workflows wrote their English summaries from, and a refused action's dialog says why in Chinese.
describe('the Chinese board', () => {
  const board = boardStack();
  let trialId: string;
  let handoffId: string;

  beforeAll(async () => {
    const { stack } = board;
    // Wang reads Chinese: their person record says so.
    expect((await stack.request('PUT', '/api/me', { language: 'zh' }, { as: OPS_ZH })).status).toBe(200);
    // Wang asks for the trial themselves, so the four-eyes rule refuses their approval.
    const trial = await stack.request(
      'POST',
      '/api/pocs',
      {
        account: 'Hua Tong',
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-9', amount: 90000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        criteria: [{ key: 'sync', description: 'Orders sync', measuredBy: 'p95 latency' }],
        plannedStart: '2030-03-04',
        durationDays: 30,
      },
      { as: OPS_ZH },
    );
    expect(trial.status).toBe(201);
    trialId = trial.body.trialId;
    const handoff = await stack.request(
      'POST',
      '/api/handoffs',
      {
        account: 'Huge Bank',
        opportunity: 'opp-7',
        region: 'east',
        amount: 1_200_000,
        currency: 'CNY',
        salesOwner: SALES.subject,
        projectManager: PM.subject,
      },
      { as: SALES },
    );
    expect(handoff.status).toBe(201);
    handoffId = handoff.body.handoffId;
    const comment = await stack.request(
      'POST',
      `/api/handoffs/${encodeURIComponent(handoffId)}/comments`,
      { text: '合同在法务审核' },
      { as: OPS_ZH },
    );
    expect(comment.status).toBe(200);
  });

  it('words POC and handoff timelines in Chinese, and shows a refusal in Chinese in the dialog', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await signIn(page, OPS_ZH);
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();

    await page.goto(`/pocs/${encodeURIComponent(trialId)}`);
    const trialTimeline = page.locator('.timeline');
    await trialTimeline
      .getByText(`${OPS_ZH.subject} 申请了Hua Tong 的 POC 试用（商机 opp-9）：Baton CRM，east，30 天，金额 90000 CNY`)
      .waitFor();
    expect(await trialTimeline.getByText('requested a 30-day').count()).toBe(0);

    await page.getByRole('button', { name: '批准', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '批准', exact: true }).click();
    await dialog.getByText(`${OPS_ZH.subject} 是Hua Tong 的 POC 试用（商机 opp-9）的申请人，不能同时审批`).waitFor();
    // The API keeps its English title; the Chinese board words the status instead.
    await dialog.getByText('当前状态下不能执行此操作').waitFor();
    expect(await dialog.getByText('Action not allowed in the current state').count()).toBe(0);
    await screenshot(page, 'language-poc-refusal-zh');
    await dialog.getByRole('button', { name: '取消' }).click();
    await screenshot(page, 'language-poc-timeline-zh');

    await page.goto(`/handoffs/${encodeURIComponent(handoffId)}`);
    const handoffTimeline = page.locator('.timeline');
    await handoffTimeline
      .getByText(`${SALES.subject} 发起了Huge Bank 的交付交接（商机 opp-7）`, { exact: false })
      .waitFor();
    await handoffTimeline
      .getByText(`${OPS_ZH.subject} 评论了Huge Bank 的交付交接（商机 opp-7）：合同在法务审核`)
      .waitFor();
    await screenshot(page, 'language-handoff-timeline-zh');

    // Back in English, the same entries read as the server recorded them.
    await page.getByRole('button', { name: '切换到英文' }).click();
    await handoffTimeline
      .getByText(
        `${OPS_ZH.subject} commented on the delivery handoff for Huge Bank (opportunity opp-7): 合同在法务审核`,
      )
      .waitFor();
    expect(pageProblems(page)).toEqual([]);
  });
});
