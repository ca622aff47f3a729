import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import type { PocTrialInput, PocState } from '../../domain/poc/types';
import { getPocState, pocAction, pocTrial, pocWorkflowId } from '../../workflows/poc/poc-trial';
import { pocInput, recordingPocActivities } from '../helpers/poc-fixtures';
import { POC_PLAN_V2_CHANGE, pocPlan } from '../helpers/poc-plans';
import { serverDatePlusDays, timeSkippingWorker } from '../helpers/time-skipping';

const TASK_QUEUE = 'baton-poc-template-test';
const HOUR = 3_600_000;

/**
 * Issue 20's Done-when, its workflow half: a trial runs on the POC template version the API pinned in
 * its input. One started on v1 keeps v1's weekly check-ins after v2 (every 3 days, one more criterion)
 * exists, while a trial started on v2 runs on v2; a trial without a plan keeps its request's rules.
 */
describe('POC trials on a pinned template plan (time-skipping)', () => {
  const recorded = recordingPocActivities();
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('./stand-ins/poc-trial-and-next'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof pocTrial>;

  /** An auto-approved trial (5,000 is under the threshold), provisioned and kicked off today. */
  async function activeTrial(opportunityId: string, input: Partial<PocTrialInput>): Promise<Handle> {
    const { rules: _rules, ...base } = pocInput({
      opportunityId,
      amount: 5_000,
      plannedStart: await serverDatePlusDays(harness.env, 0),
    });
    const handle = await harness.env.client.workflow.start(pocTrial, {
      workflowId: pocWorkflowId('acme', opportunityId),
      taskQueue: TASK_QUEUE,
      args: [{ ...base, rules: { autoApproveBelowAmount: 10_000 }, ...input }],
    });
    for (let round = 0; round < 40 && (await handle.query(getPocState)).stage !== 'ready'; round += 1)
      await harness.env.sleep(15_000);
    await handle.executeUpdate(pocAction, { args: [{ action: { type: 'kickoff' }, actor: 'sam' }] });
    return handle;
  }

  const reminders = (state: PocState) =>
    state.timeline.filter((event) => event.type === 'poc.check-in-reminder').map((event) => event.cause!.dueDate);

  it('keeps v1 for a trial started before v2, and runs a new trial on v2', async () => {
    const onV1 = await activeTrial('OPP-V1', { plan: pocPlan(1) });
    const onV2 = await activeTrial('OPP-V2', { plan: pocPlan(2, POC_PLAN_V2_CHANGE) });
    const before = await onV1.query(getPocState);
    const kickoff = before.kickoffAt!.slice(0, 10);

    expect(before.template).toEqual({ key: 'poc', version: 1, name: 'POC trial' });
    expect(before.rules.checkInEveryDays).toBe(7);
    expect(before.criteria.map((criterion) => criterion.key)).toEqual(['uptime', 'reports']);
    const v2 = await onV2.query(getPocState);
    expect(v2.template).toEqual({ key: 'poc', version: 2, name: 'POC trial' });
    expect(v2.rules).toMatchObject({ checkInEveryDays: 3, autoApproveBelowAmount: 10_000 });
    expect(v2.criteria.map((criterion) => criterion.key)).toEqual(['uptime', 'reports', 'data-import']);
    expect(v2.nextCheckInDue).toBe(addCalendarDays(v2.kickoffAt!.slice(0, 10), 3));

    const sleepUntilDay = async (day: number) =>
      harness.env.sleep(
        Date.parse(`${addCalendarDays(kickoff, day)}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()),
      );
    // Day 4: v2's first check-in was due on day 3; v1's is not due yet. Day 8: v1's came on day 7.
    await sleepUntilDay(4);
    expect(reminders(await onV2.query(getPocState))).toEqual([addCalendarDays(kickoff, 3)]);
    expect(reminders(await onV1.query(getPocState))).toEqual([]);
    await sleepUntilDay(8);
    expect(reminders(await onV1.query(getPocState))).toEqual([addCalendarDays(kickoff, 7)]);
  });

  it('runs a trial without a plan on its request’s rules and criteria, as before templates', async () => {
    const handle = await activeTrial('OPP-NO-PLAN', {});
    const state = await handle.query(getPocState);
    expect(state.template).toBeUndefined();
    expect(state.rules).toMatchObject({ checkInEveryDays: 7, autoApproveBelowAmount: 10_000 });
    expect(state.criteria.map((criterion) => criterion.key)).toEqual(['uptime', 'reports']);
  });

  it('keeps a request’s own criterion over a default of the same key', async () => {
    const plan = pocPlan(2, {
      defaultCriteria: [{ key: 'uptime', description: 'Template uptime', measuredBy: 'template report' }],
    });
    const state = await (await activeTrial('OPP-SAME-KEY', { plan })).query(getPocState);
    expect(state.criteria.map((criterion) => [criterion.key, criterion.description])).toEqual([
      ['uptime', 'Dashboards stay up during the trial'],
      ['reports', 'Weekly sales report built without IT'],
    ]);
  });
});
