import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addCalendarDays, workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import { resolveOffset } from '../../domain/shared/schedule';
import type { DealState, DealSupportInput, SupportType } from '../../domain/deal/types';
import { dealSupport, dealWorkflowId, getDealState } from '../../workflows/deal/deal-support';
import { dealInput, recordingDealActivities } from '../helpers/deal-fixtures';
import { DEAL_PLAN_V2_CHANGE, dealPlan } from '../helpers/deal-plans';
import { serverDatePlusDays, timeSkippingWorker } from '../helpers/time-skipping';

const TASK_QUEUE = 'baton-deal-template-test';
const HOUR = 3_600_000;
const MON_FRI = workingDays(businessCalendarSchema.parse(MON_FRI_CALENDAR));

/**
 * Issue 20, deal support: a case runs on the deal-support template version the API pinned in its input.
 * One started on v1 keeps v1's one-business-day response SLA (escalated to the ops manager) after v2
 * gives competitive briefs three business days (escalated to regional ops), while a case started on v2
 * runs on v2; a case asking for several types answers on the one due first; a case without a plan keeps
 * its input's rules.
 */
describe('deal-support cases on a pinned template plan (time-skipping)', () => {
  const recorded = recordingDealActivities();
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('./stand-ins/deal-support-and-next'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof dealSupport>;

  async function startCase(
    opportunityId: string,
    supportTypes: SupportType[],
    input: Partial<DealSupportInput>,
  ): Promise<Handle> {
    const { rules: _coded, ...base } = dealInput({
      opportunityId,
      supportTypes,
      dueDate: await serverDatePlusDays(harness.env, 20),
    });
    return harness.env.client.workflow.start(dealSupport, {
      workflowId: dealWorkflowId('acme', opportunityId),
      taskQueue: TASK_QUEUE,
      args: [{ ...base, ...input }],
    });
  }

  const escalations = (state: DealState) =>
    state.timeline
      .filter((event) => event.type === 'deal.response-escalation')
      .map((event) => [event.cause!.dueDate, event.notify?.role]);
  const reminders = (state: DealState) =>
    state.timeline.filter((event) => event.type === 'deal.response-reminder').map((event) => event.at.slice(0, 10));
  const businessDaysFrom = async (days: number) =>
    resolveOffset(await serverDatePlusDays(harness.env, 0), { days, unit: 'business-days' }, MON_FRI).date;
  const sleepUntil = async (date: string) =>
    harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));

  it('keeps v1 for a case started before v2, and runs a new case on v2', async () => {
    const oneDay = await businessDaysFrom(1);
    const threeDays = await businessDaysFrom(3);
    const onV1 = await startCase('OPP-V1', ['competitive-brief'], { plan: dealPlan(1) });
    const onV2 = await startCase('OPP-V2', ['competitive-brief'], { plan: dealPlan(2, DEAL_PLAN_V2_CHANGE) });

    const v1 = await onV1.query(getDealState);
    expect(v1.template).toEqual({ key: 'deal-support', version: 1, name: 'Deal support' });
    expect(v1.rules).toMatchObject({ responseSla: { days: 1, unit: 'business-days' }, escalationRole: 'ops_manager' });
    expect(v1.response.dueDate).toBe(oneDay);
    const v2 = await onV2.query(getDealState);
    expect(v2.template).toEqual({ key: 'deal-support', version: 2, name: 'Deal support' });
    expect(v2.rules).toMatchObject({ responseSla: { days: 3, unit: 'business-days' }, escalationRole: 'regional_ops' });
    expect(v2.response.dueDate).toBe(threeDays);

    // v1's response falls due first: reminded on the due day, escalated the day after to the ops manager.
    await sleepUntil(addCalendarDays(oneDay, 1));
    expect(escalations(await onV1.query(getDealState))).toEqual([[oneDay, 'ops_manager']]);
    expect(reminders(await onV1.query(getDealState))).toEqual([oneDay]);
    expect(escalations(await onV2.query(getDealState))).toEqual([]);
    // v2's is due on the third business day, reminded the business day before, and escalates to regional ops.
    await sleepUntil(addCalendarDays(threeDays, 1));
    const later = await onV2.query(getDealState);
    expect(escalations(later)).toEqual([[threeDays, 'regional_ops']]);
    expect(reminders(later)).toEqual([resolveOffset(threeDays, { days: -1, unit: 'business-days' }, MON_FRI).date]);
    expect(escalations(await onV1.query(getDealState))).toEqual([[oneDay, 'ops_manager']]);
  });

  it('answers a request for several types on the service level due first', async () => {
    const handle = await startCase('OPP-MIXED', ['competitive-brief', 'pricing-exception'], {
      plan: dealPlan(2, DEAL_PLAN_V2_CHANGE),
    });
    const state = await handle.query(getDealState);
    expect(state.rules).toMatchObject({
      responseSla: { days: 1, unit: 'business-days' },
      escalationRole: 'ops_manager',
    });
    expect(state.response.dueDate).toBe(await businessDaysFrom(1));
  });

  it('runs a case without a plan on its input’s rules, as before templates', async () => {
    const handle = await startCase('OPP-NO-PLAN', ['competitive-brief'], {
      rules: { responseSla: { days: 2, unit: 'business-days' } },
    });
    const state = await handle.query(getDealState);
    expect(state.template).toBeUndefined();
    expect(state.rules.responseSla).toEqual({ days: 2, unit: 'business-days' });
    expect(state.rules.escalationRole).toBeUndefined();
    expect(state.response.dueDate).toBe(await businessDaysFrom(2));
  });
});
