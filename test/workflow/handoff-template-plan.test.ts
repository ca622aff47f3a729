import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addCalendarDays, workingDays } from '../../domain/shared/business-calendar';
import { handoffWorkflowId } from '../../domain/shared/lifecycle';
import { resolveOffset } from '../../domain/shared/schedule';
import type { HandoffAction } from '../../domain/handoff/actions';
import type { DeliveryHandoffInput, HandoffState } from '../../domain/handoff/types';
import { deliveryHandoff, getHandoffState, handoffAction } from '../../workflows/handoff/delivery-handoff';
import { FIXTURE_STAKEHOLDERS, handoffInput, recordingHandoffActivities } from '../helpers/handoff-fixtures';
import { HANDOFF_PLAN_V2_CHANGE, handoffPlan } from '../helpers/handoff-plans';
import { serverDatePlusDays, timeSkippingWorker } from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';

const TASK_QUEUE = 'baton-handoff-template-test';
const HOUR = 3_600_000;
const CALENDAR = workingDays(handoffInput().start.calendar.definition);

/**
 * Issue 20, delivery handoff: a handoff runs on the delivery-handoff template version the API pinned in
 * its input. One started on v1 keeps v1's seven package items, 5-business-day package SLA and milestone
 * plan after v2 drops the known risks, cuts the SLA to 2 days and changes the plan, while a handoff
 * started on v2 runs on v2; a handoff without a plan keeps its input's rules.
 */
describe('delivery handoffs on a pinned template plan (time-skipping)', () => {
  const recorded = recordingHandoffActivities();
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('./handoff-workflows'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof deliveryHandoff>;

  async function start(opportunity: string, input: Partial<DeliveryHandoffInput>): Promise<Handle> {
    const { rules: _coded, ...base } = handoffInput({ opportunity });
    return harness.env.client.workflow.start(deliveryHandoff, {
      workflowId: handoffWorkflowId('acme', opportunity),
      taskQueue: TASK_QUEUE,
      args: [{ ...base, ...input }],
    });
  }
  /** The action, then the handoff's state (an Update answers only a receipt since lean-handoff-small-payloads). */
  const act = async (handle: Handle, action: HandoffAction, actor: string) => {
    await handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
    return handle.query(getHandoffState);
  };
  const businessDaysFrom = async (days: number) =>
    resolveOffset(await serverDatePlusDays(harness.env, 0), { days, unit: 'business-days' }, CALENDAR).date;
  const escalated = (state: HandoffState) =>
    state.timeline.filter((event) => event.type === 'handoff.package-escalation').map((event) => event.cause!.dueDate);

  /** The package completed with what the plan asks for, submitted, accepted and kicked off today. */
  async function kickedOff(handle: Handle, goLive: string, knownRisks: boolean): Promise<HandoffState> {
    const items = [
      { key: 'contract', link: 'https://crm.example/contracts/OPP-1.pdf' },
      { key: 'scope', text: 'SOW v2' },
      ...(knownRisks ? [{ key: 'known-risks', text: 'IT team busy until April' }] : []),
    ];
    await act(
      handle,
      { type: 'update-package', items, stakeholders: FIXTURE_STAKEHOLDERS, targetGoLive: goLive },
      'sam',
    );
    await act(handle, { type: 'submit' }, 'sam');
    await act(handle, { type: 'accept' }, 'pia');
    return act(handle, { type: 'kickoff' }, 'pia');
  }

  it('keeps v1 for a handoff started before v2, and runs a new handoff on v2', async () => {
    const onV1 = await start('OPP-V1', { plan: handoffPlan(1) });
    const onV2 = await start('OPP-V2', { plan: handoffPlan(2, HANDOFF_PLAN_V2_CHANGE) });
    const v1 = await onV1.query(getHandoffState);
    const v2 = await onV2.query(getHandoffState);
    expect(v1.template).toEqual({ key: 'delivery-handoff', version: 1, name: 'Delivery handoff' });
    expect(v2.template).toEqual({ key: 'delivery-handoff', version: 2, name: 'Delivery handoff' });
    expect(v1.packageItems.map((item) => item.key)).toContain('known-risks');
    expect(v1.packageItems).toHaveLength(7);
    expect(v2.packageItems.map((item) => item.key)).not.toContain('known-risks');
    expect(v1.sla!.dueDate).toBe(await businessDaysFrom(5));
    expect(v2.sla!.dueDate).toBe(await businessDaysFrom(2));

    // v2's package is not in by its 2-day SLA: escalated the day after; v1's 5-day SLA has not passed.
    const v2Due = v2.sla!.dueDate;
    await harness.env.sleep(
      Date.parse(`${addCalendarDays(v2Due, 1)}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()),
    );
    expect(escalated(await onV2.query(getHandoffState))).toEqual([v2Due]);
    expect(escalated(await onV1.query(getHandoffState))).toEqual([]);

    // v2's package refuses the known risks it no longer asks for; both kick off on their own plans.
    const refused = await updateRejection(
      act(onV2, { type: 'update-package', items: [{ key: 'known-risks', text: 'x' }] }, 'sam'),
    );
    expect(refused.message).toContain('"known-risks" is not in this handoff\'s package');
    const goLive = await serverDatePlusDays(harness.env, 90);
    const planOf = (state: HandoffState) => state.milestones.map((milestone) => [milestone.key, milestone.dueDate]);
    const kickedV1 = await kickedOff(onV1, goLive, true);
    const kickedV2 = await kickedOff(onV2, goLive, false);
    const kickoff = kickedV1.stageEnteredAt.slice(0, 10);
    const inBusinessDays = (days: number) => resolveOffset(kickoff, { days, unit: 'business-days' }, CALENDAR).date;
    expect(planOf(kickedV1).map(([key]) => key)).toEqual([
      'requirements-confirmed',
      'spec-confirmed',
      'build-configured',
      'tested',
      'customer-acceptance',
    ]);
    expect(planOf(kickedV1)[0]).toEqual(['requirements-confirmed', inBusinessDays(10)]);
    expect(planOf(kickedV2).map(([key]) => key)).toEqual([
      'requirements-confirmed',
      'spec-confirmed',
      'build-configured',
      'tested',
      'users-trained',
      'customer-acceptance',
    ]);
    expect(planOf(kickedV2)[0]).toEqual(['requirements-confirmed', inBusinessDays(5)]);
  });

  it('runs a handoff without a plan on its input’s rules and every package item, as before templates', async () => {
    const handle = await start('OPP-NO-PLAN', { rules: handoffInput().rules });
    const state = await handle.query(getHandoffState);
    expect(state.template).toBeUndefined();
    expect(state.packageItems).toHaveLength(7);
    expect(state.sla!.dueDate).toBe(await businessDaysFrom(3));
  });
});
