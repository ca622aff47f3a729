import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import type { RenewalAction } from '../../domain/renewal/actions';
import type { RenewalFollowUpInput, RenewalState } from '../../domain/renewal/types';
import {
  getRenewalState,
  renewalAction,
  renewalFollowUp,
  renewalWorkflowId,
} from '../../workflows/renewal/renewal-follow-up';
import { RENEWAL_PLAN_V2_CHANGE, renewalPlan } from '../helpers/renewal-plans';
import { recordingRenewalActivities, renewalInput } from '../helpers/renewal-fixtures';
import { serverDatePlusDays, timeSkippingWorker } from '../helpers/time-skipping';

const TASK_QUEUE = 'baton-renewal-template-test';
const HOUR = 3_600_000;

/**
 * Issue 20, renewal: a renewal runs on the renewal template version the API pinned in its input. One
 * started on v1 keeps v1's offsets from the contract end (120, 90, 60, 30 days), reminders and
 * escalation after v2 moves every step earlier, through its next term too, while a renewal started on
 * v2 runs on v2; a renewal without a plan keeps its input's rules.
 */
describe('renewals on a pinned template plan (time-skipping)', () => {
  const recorded = recordingRenewalActivities();
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('../../workflows/renewal/renewal-follow-up'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof renewalFollowUp>;

  async function start(contractId: string, days: number, rest: Partial<RenewalFollowUpInput>): Promise<Handle> {
    const input = renewalInput(
      {
        contractId,
        termStart: await serverDatePlusDays(harness.env, 0),
        contractEnd: await serverDatePlusDays(harness.env, days),
      },
      rest,
    );
    return harness.env.client.workflow.start(renewalFollowUp, {
      workflowId: renewalWorkflowId('acme', contractId),
      taskQueue: TASK_QUEUE,
      args: [input],
    });
  }
  const act = (handle: Handle, action: RenewalAction, actor = 'ana') =>
    handle.executeUpdate(renewalAction, { args: [{ action, actor }] });
  const dueDates = (state: RenewalState) =>
    Object.fromEntries(state.term.steps.map((step) => [step.key, step.dueDate]));
  const before = (end: string, days: number[]) => days.map((each) => addCalendarDays(end, -each));
  const reminders = (state: RenewalState) =>
    state.timeline.filter((event) => event.type === 'renewal.step-reminder').map((event) => event.cause!.rule);
  const escalated = (state: RenewalState) =>
    state.timeline.filter((event) => event.type === 'renewal.step-escalation').map((event) => event.stepKey);

  it('keeps v1 for a renewal started before v2, through its next term, and runs a new renewal on v2', async () => {
    const onV1 = await start('C-V1', 200, { plan: renewalPlan(1) });
    const onV2 = await start('C-V2', 200, { plan: renewalPlan(2, RENEWAL_PLAN_V2_CHANGE) });
    const v1 = await onV1.query(getRenewalState);
    const v2 = await onV2.query(getRenewalState);
    expect(v1.template).toEqual({ key: 'renewal', version: 1, name: 'Renewal follow-up' });
    expect(v2.template).toEqual({ key: 'renewal', version: 2, name: 'Renewal follow-up' });
    const end = v1.term.contractEnd;
    expect(Object.values(dueDates(v1))).toEqual(before(end, [120, 90, 60, 30]));
    expect(Object.values(dueDates(v2))).toEqual(before(end, [180, 150, 100, 45]));
    expect(v2.term.steps.find((step) => step.key === 'negotiation')!.ownerRole).toBe('sales');
    expect(v1.term.steps.find((step) => step.key === 'negotiation')!.ownerRole).toBe('customer_success');

    // v2's proposal is not sent: escalated 2 business days after it was due; v1's is weeks away.
    const v2Proposal = dueDates(v2).proposal!;
    await harness.env.sleep(
      Date.parse(`${addCalendarDays(v2Proposal, 6)}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()),
    );
    const later2 = await onV2.query(getRenewalState);
    expect(escalated(later2)).toContain('proposal');
    expect(reminders(later2)).toEqual([
      'health review reminder 3 business days before it is due',
      'renewal proposal reminder 3 business days before it is due',
    ]);
    expect(escalated(await onV1.query(getRenewalState))).toEqual([]);

    // v1 renewed: its next term is planned on v1's offsets, not v2's.
    await act(onV1, { type: 'decide', outcome: 'renewed', note: 'signed early' });
    await harness.env.sleep('1 hour');
    const next = await onV1.query(getRenewalState);
    expect(next.term.number).toBe(2);
    expect(next.template).toEqual({ key: 'renewal', version: 1, name: 'Renewal follow-up' });
    expect(Object.values(dueDates(next))).toEqual(before(next.term.contractEnd, [120, 90, 60, 30]));
    await act(onV2, { type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'test over' });
    await act(onV1, { type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'test over' });
  });

  it('runs a renewal without a plan on its input’s rules, as before templates', async () => {
    const handle = await start('C-NO-PLAN', 200, { rules: { healthReviewDaysBefore: 100 } });
    const state = await handle.query(getRenewalState);
    expect(state.template).toBeUndefined();
    expect(Object.values(dueDates(state))).toEqual(before(state.term.contractEnd, [100, 90, 60, 30]));
    await act(handle, { type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'test over' });
  });
});
