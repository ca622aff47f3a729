import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addCalendarDays, workingDays } from '../../domain/shared/business-calendar';
import type { DealAction } from '../../domain/deal/actions';
import { pendingDealAlarms } from '../../domain/deal/alarms';
import type { DealState, DealTimelineEventType } from '../../domain/deal/types';
import { handoffWorkflowId } from '../../domain/shared/lifecycle';
import type { Role } from '../../domain/shared/roles';
import { dealAction, dealSupport, dealWorkflowId, getDealState } from '../../workflows/deal/deal-support';
import { FIXTURE_ASSIGNEES, dealInput, recordingDealActivities } from '../helpers/deal-fixtures';
import { serverDatePlusDays, startedChild, timeSkippingWorker } from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';

const TASK_QUEUE = 'baton-deal-test';
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('dealSupport (time-skipping)', () => {
  const recorded = recordingDealActivities();
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('./stand-ins/deal-support-and-next'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof dealSupport>;

  /** Starts a case requested now (the fixture: a competitive brief and a pricing exception). */
  async function startCase(
    opportunityId: string,
    supportTypes?: Parameters<typeof dealInput>[0]['supportTypes'],
  ): Promise<Handle> {
    const input = dealInput({
      opportunityId,
      dueDate: await serverDatePlusDays(harness.env, 10),
      ...(supportTypes ? { supportTypes } : {}),
    });
    return harness.env.client.workflow.start(dealSupport, {
      workflowId: dealWorkflowId('acme', opportunityId),
      taskQueue: TASK_QUEUE,
      args: [input],
    });
  }

  /** The action, then the case's state (an Update answers only a receipt since lean-deal-small-payloads). */
  const act = async (handle: Handle, action: DealAction, actor: string, actorRoles: Role[] = ['presales']) => {
    const answer = await handle.executeUpdate(dealAction, { args: [{ action, actor, actorRoles }] });
    expect(answer).toEqual({ receipt: true, seq: expect.any(Number) });
    return handle.query(getDealState);
  };

  const events = (state: DealState, type: DealTimelineEventType) =>
    state.timeline.filter((event) => event.type === type);
  /** Every event the case projected to the read model, in order (a finished case's result carries none). */
  const projectedEvents = (handle: Handle) =>
    recorded.projections
      .filter((projection) => projection.dealId === handle.workflowId)
      .flatMap((projection) => projection.events);

  /** Sleeps (virtually) until an hour past 00:00 UTC of a date. */
  async function sleepUntil(date: string): Promise<void> {
    await harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));
  }

  /** Accepted with everyone assigned, and the first brief logged. */
  async function inProgress(handle: Handle): Promise<DealState> {
    const state = await handle.query(getDealState);
    await act(
      handle,
      {
        type: 'accept',
        assignees: Object.fromEntries(state.supportTypes.map((type) => [type, FIXTURE_ASSIGNEES[type]])),
      },
      'petra',
    );
    return act(
      handle,
      {
        type: 'log-support',
        supportType: 'competitive-brief',
        summary: 'Brief on rival-co',
        outcome: 'talking points ready',
      },
      'priya',
    );
  }

  it('reminds and escalates an untriaged request at the times its SLA sets, and stops once triaged', async () => {
    const handle = await startCase('OPP-SLA');
    let state = await handle.query(getDealState);
    const due = state.response.dueDate;
    const planned = pendingDealAlarms(state, workingDays(dealInput({ dueDate: due }).calendar.definition)).map(
      (alarm) => [alarm.kind, new Date(alarm.at).toISOString()],
    );
    expect(planned.map(([kind]) => kind)).toEqual(['response-reminder', 'response-reminder', 'response-escalation']);

    await sleepUntil(due);
    state = await handle.query(getDealState);
    const reminders = events(state, 'deal.response-reminder');
    expect(reminders.map((event) => [event.cause!.rule, event.cause!.scheduledFor])).toEqual([
      ['response reminder 1 business day before it is due', planned[0]![1]],
      ['response reminder on the day it is due', planned[1]![1]],
    ]);
    // Each fired when its time came, not later.
    for (const event of reminders)
      expect(Date.parse(event.at) - Date.parse(event.cause!.scheduledFor)).toBeLessThan(MINUTE);
    expect(reminders[0]!.notify).toEqual({ role: 'presales', person: 'petra' });
    expect(events(state, 'deal.response-escalation')).toHaveLength(0);

    await sleepUntil(addCalendarDays(due, 1));
    state = await handle.query(getDealState);
    const [escalation] = events(state, 'deal.response-escalation');
    expect(escalation).toMatchObject({
      actor: 'baton',
      notify: { role: 'ops_manager', person: 'olga' },
      cause: { subject: 'response', dueDate: due, calendar: 'mon-fri', scheduledFor: planned[2]![1] },
    });
    expect(Date.parse(escalation!.at) - Date.parse(planned[2]![1]!)).toBeLessThan(MINUTE);
    expect(state.response.overdue).toBe(true);
    expect(recorded.deliveries).toContain(handle.workflowId);

    await inProgress(handle);
    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'withdrawn', responseOverdue: true, triagedBy: 'petra' });
    // One writer: every change projected in order, each event exactly once.
    const projections = recorded.projections.filter((projection) => projection.dealId === handle.workflowId);
    const seqs = projections.map((projection) => projection.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const projected = projections.flatMap((projection) => projection.events.map((event) => event.n));
    expect(projected).toEqual(projected.map((_, index) => index + 1));
    expect(projections.at(-1)).toMatchObject({ stage: 'withdrawn', seq: result.seq });
  });

  it('sends no reminder or escalation once the request is triaged in time', async () => {
    const handle = await startCase('OPP-FAST');
    let state = await inProgress(handle);
    expect(state.stage).toBe('in_progress');
    await sleepUntil(addCalendarDays(state.response.dueDate, 3));
    state = await handle.query(getDealState);
    expect(state.timeline.map((event) => event.type)).toEqual([
      'deal.requested',
      'deal.accepted',
      'deal.support-logged',
    ]);
    expect(state.response.overdue).toBe(false);
    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
    await handle.result();
  });

  it('closes won only after the pricing exception is approved by the configured role, with the handoff package', async () => {
    const handle = await startCase('OPP-WON');
    await inProgress(handle);
    const early = await updateRejection(act(handle, { type: 'close-won' }, 'sam', ['sales']));
    expect(early).toMatchObject({
      type: 'invalid-transition',
      message:
        'The deal support for acme (opportunity OPP-WON) cannot close won before its pricing exception is approved by ops_manager',
    });
    const notAllowed = await updateRejection(act(handle, { type: 'approve-pricing' }, 'sam', ['sales']));
    expect(notAllowed).toMatchObject({
      type: 'forbidden',
      message: 'Deciding the pricing exception needs the ops_manager role; sam has sales',
    });

    let state = await act(handle, { type: 'approve-pricing', note: 'within the floor' }, 'olga', ['ops_manager']);
    expect(state.pricing).toMatchObject({ status: 'approved', decidedBy: 'olga' });
    const pastGoLive = await updateRejection(
      act(handle, { type: 'close-won', handoff: { targetGoLive: '2001-01-01' } }, 'sam', ['sales']),
    );
    expect(pastGoLive).toMatchObject({
      type: 'invalid-date',
      message: expect.stringMatching(
        /^The handoff package cannot start like that: handoff.targetGoLive 2001-01-01 is in the past/,
      ),
    });
    const goLive = await serverDatePlusDays(harness.env, 60);
    state = await act(
      handle,
      {
        type: 'close-won',
        note: 'signed',
        handoff: { commitments: 'SSO in phase 1', knownRisks: '  ', targetGoLive: goLive },
      },
      'sam',
      ['sales'],
    );
    expect(state).toMatchObject({
      stage: 'closed_won',
      lessonDue: true,
      outcome: {
        handoffRequested: true,
        handoffPackage: { account: 'acme', opportunity: 'OPP-WON', amount: 120_000, region: 'east', salesOwner: 'sam' },
      },
    });
    await act(handle, { type: 'lesson', text: 'Get the pricing floor before the first proposal.' }, 'sam', ['sales']);
    const result = await handle.result();
    expect(result).toMatchObject({
      stage: 'closed_won',
      lessonDue: false,
      lesson: { text: 'Get the pricing floor before the first proposal.' },
      outcome: { handoffRequested: true },
    });
    expect(result.outcome!.handoffPackage!.supportSummary.map((item) => [item.supportType, item.actions])).toEqual([
      ['competitive-brief', 1],
      ['pricing-exception', 0],
    ]);

    // The win started the delivery handoff as a case of its own, with the package pre-filled (blank texts left out).
    const handoffId = handoffWorkflowId('acme', 'OPP-WON');
    const final = await handle.query(getDealState);
    expect(final.nextPlaybook).toMatchObject({
      workflowType: 'deliveryHandoff',
      workflowId: handoffId,
      status: 'started',
    });
    expect(final.pendingNext).toBeUndefined();
    expect(final.timeline.find((event) => event.type === 'deal.handoff-started')?.summary).toBe(
      'Baton started delivery handoff for acme (OPP-WON) from the deal support for acme (opportunity OPP-WON)',
    );
    const child = await startedChild(harness.env, handoffId);
    expect(child).toEqual({
      workflowType: 'deliveryHandoff',
      input: {
        requestedBy: 'sam',
        start: {
          account: 'acme',
          opportunity: 'OPP-WON',
          region: 'east',
          amount: 120_000,
          currency: 'CNY',
          salesOwner: 'sam',
          prefill: { commitments: 'SSO in phase 1', targetGoLive: goLive },
          source: { playbook: 'deal-support', id: dealWorkflowId('acme', 'OPP-WON') },
          calendar: dealInput({ opportunityId: 'OPP-WON', dueDate: goLive }).calendar,
        },
      },
    });

    // Refused actions wrote nothing: only the accepted ones are in the history.
    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(5); // accept, log-support, approve-pricing, close-won, lesson
  });

  it('can be won as soon as it is triaged, before any support was logged', async () => {
    const handle = await startCase('OPP-EARLY-WIN', ['competitive-brief']);
    const state = await handle.query(getDealState);
    const triaged = await act(
      handle,
      { type: 'accept', assignees: { 'competitive-brief': FIXTURE_ASSIGNEES['competitive-brief'] } },
      'petra',
    );
    expect(triaged.stage).toBe('triaged');
    expect(state.supportItems.every((item) => item.status !== 'done')).toBe(true);
    const won = await act(handle, { type: 'close-won', note: 'signed before the brief' }, 'sam', ['sales']);
    expect(won.stage).toBe('closed_won');
    await act(handle, { type: 'lesson', text: 'The champion closed it.' }, 'sam', ['sales']);
    await handle.result();
  });

  it('continues in the handoff that already ran for the opportunity instead of starting another', async () => {
    const handoffId = handoffWorkflowId('acme', 'OPP-AGAIN');
    const earlier = await harness.env.client.workflow.start('deliveryHandoff', {
      workflowId: handoffId,
      taskQueue: TASK_QUEUE,
      args: [{ started: 'through the API' }],
    });
    await earlier.result();
    const handle = await startCase('OPP-AGAIN', ['competitive-brief']);
    await inProgress(handle);
    await act(handle, { type: 'close-won' }, 'sam', ['sales']);
    await act(handle, { type: 'lesson', text: 'Check for an existing project first.' }, 'sam', ['sales']);
    await handle.result();
    const state = await handle.query(getDealState);
    expect(state.nextPlaybook).toMatchObject({
      workflowType: 'deliveryHandoff',
      workflowId: handoffId,
      status: 'already-started',
    });
    // The refused start comes back after close-won; the lesson may be recorded before or after it.
    expect(state.timeline.map((entry) => entry.summary)).toContain(
      'The deal support for acme (opportunity OPP-AGAIN) continues in the delivery handoff for acme (OPP-AGAIN), which was already started',
    );
    // The handoff that ran is the only one.
    expect((await harness.env.client.workflow.getHandle(handoffId).describe()).runId).toBe(earlier.firstExecutionRunId);
  });

  it('waits after closing for the lesson, reminds on day 2, and ends once it is recorded', async () => {
    const handle = await startCase('OPP-LESSON', ['competitive-brief']);
    await inProgress(handle);
    let state = await act(
      handle,
      { type: 'close-lost', reason: 'competitor', note: 'rival-co bundled hardware' },
      'sam',
      ['sales'],
    );
    const closedOn = state.closedOn!;

    await sleepUntil(addCalendarDays(closedOn, 1));
    state = await handle.query(getDealState);
    expect(events(state, 'deal.lesson-reminder')).toHaveLength(0);

    await sleepUntil(addCalendarDays(closedOn, 2));
    state = await handle.query(getDealState);
    const [reminder] = events(state, 'deal.lesson-reminder');
    expect(reminder).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      cause: { subject: 'lesson', scheduledFor: `${addCalendarDays(closedOn, 2)}T00:00:00.000Z` },
    });
    expect(state).toMatchObject({ stage: 'closed_lost', lessonDue: true });

    await act(handle, { type: 'lesson', text: 'Bring a hardware partner when rival-co is in the deal.' }, 'sam', [
      'sales',
    ]);
    const result = await handle.result();
    expect(result).toMatchObject({
      stage: 'closed_lost',
      lessonDue: false,
      lessonMissing: false,
      outcome: { lossReason: 'competitor' },
      lesson: { text: 'Bring a hardware partner when rival-co is in the deal.' },
    });
  });

  it('ends 14 days after closing with the lesson marked missing on the timeline', async () => {
    const handle = await startCase('OPP-NOLESSON', ['competitive-brief']);
    await inProgress(handle);
    const state = await act(handle, { type: 'close-lost', reason: 'no-decision' }, 'sam', ['sales']);
    await sleepUntil(addCalendarDays(state.closedOn!, 14));
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'closed_lost', lessonDue: false, lessonMissing: true, lesson: null });
    const [missing] = projectedEvents(handle).filter((event) => event.type === 'deal.lesson-missing');
    expect(missing).toMatchObject({
      actor: 'baton',
      cause: { subject: 'lesson', scheduledFor: `${addCalendarDays(state.closedOn!, 14)}T00:00:00.000Z` },
    });
  });

  it('ends at once when withdrawn, with no timers left to fire', async () => {
    const handle = await startCase('OPP-WITHDRAW');
    await act(handle, { type: 'withdraw', reason: 'customer paused the project' }, 'sam', ['sales']);
    const result = await handle.result();
    expect(result).toMatchObject({
      stage: 'withdrawn',
      outcome: { stage: 'withdrawn', reason: 'customer paused the project' },
    });
    expect(projectedEvents(handle).map((event) => event.type)).toEqual(['deal.requested', 'deal.withdrawn']);
    const history = await handle.fetchHistory();
    expect(history.events?.filter((event) => event.timerFiredEventAttributes) ?? []).toHaveLength(0);
  });

  it('fails a request that breaks the rules, naming the fields', async () => {
    const input = dealInput({ opportunityId: 'OPP-BAD', dueDate: 'soon' });
    const handle = await harness.env.client.workflow.start(dealSupport, {
      workflowId: dealWorkflowId('acme', 'OPP-BAD'),
      taskQueue: TASK_QUEUE,
      args: [input],
    });
    const error = await handle.result().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toMatchObject({
      type: 'invalid-request',
      message: expect.stringContaining('request.dueDate must be a YYYY-MM-DD date, not "soon"'),
    });
  });
});
