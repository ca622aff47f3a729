import {
  WithStartWorkflowOperation,
  WorkflowFailedError,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { addBusinessDays, addCalendarDays, workingDays } from '../../domain/shared/business-calendar';
import type { HandoffAction } from '../../domain/handoff/actions';
import { pendingHandoffAlarms } from '../../domain/handoff/alarms';
import type { HandoffState, HandoffTimelineEventType } from '../../domain/handoff/types';
import { handoffWorkflowId, renewalWorkflowId } from '../../domain/shared/lifecycle';
import {
  deliveryHandoff,
  getHandoffState,
  handoffAction,
  handoffCustomerAction,
} from '../../workflows/handoff/delivery-handoff';
import {
  completePackage,
  FIXTURE_HANDOVER,
  FIXTURE_SIGN_OFF,
  handoffInput,
  recordingHandoffActivities,
  type RecordedHandoff,
} from '../helpers/handoff-fixtures';
import { eventually } from '../helpers/baton-harness';
import { serverDatePlusDays, startTimeSkippingEnvironment } from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';
import { temporalCliExecutable } from '../helpers/test-env';
import { renewalFollowUp } from './handoff-workflows';

const TASK_QUEUE = 'baton-handoff-test';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const WORKFLOWS = require.resolve('./handoff-workflows');
const CALENDAR = workingDays(handoffInput().start.calendar.definition);

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof deliveryHandoff>;

/** The action, then the handoff's state (an Update answers only a receipt since lean-handoff-small-payloads). */
const act = async (handle: Handle, action: HandoffAction, actor: string) => {
  const answer = await handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
  expect(answer).toEqual({ receipt: true, seq: expect.any(Number) });
  return handle.query(getHandoffState);
};
const events = (state: HandoffState, type: HandoffTimelineEventType) =>
  state.timeline.filter((event) => event.type === type);
/** Each alarm event fired when its time came, not later. */
const onTime = (state: HandoffState, type: HandoffTimelineEventType) =>
  events(state, type).every((event) => Date.parse(event.at) - Date.parse(event.cause!.scheduledFor) < MINUTE);

/** Every change projected in order, each event exactly once (a run continued as new sends its carried state again once, without events). */
function expectProjectedInOrder(recorded: RecordedHandoff, handoffId: string): void {
  const projections = recorded.projections.filter((projection) => projection.handoffId === handoffId);
  const seqs = projections.map((projection) => projection.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  const repeats = projections.filter(
    (projection, index) => index > 0 && projection.seq === projections[index - 1]!.seq,
  );
  expect(repeats.every((projection) => projection.events.length === 0)).toBe(true);
  const projected = projections.flatMap((projection) => projection.events.map((event) => event.n));
  expect(projected).toEqual(projected.map((_, index) => index + 1));
}

/**
 * A Temporal environment and a worker running the handoff (and the renewal stand-in) with recording
 * activities, for the describe block it is called in; `env` and `recorded` are live from beforeAll on.
 */
function withHandoffWorker(createEnvironment: () => Promise<TestWorkflowEnvironment>): {
  env: TestWorkflowEnvironment;
  recorded: RecordedHandoff;
} {
  const context = { recorded: recordingHandoffActivities() } as {
    env: TestWorkflowEnvironment;
    recorded: RecordedHandoff;
  };
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  beforeAll(async () => {
    context.env = await createEnvironment();
    worker = await Worker.create({
      connection: context.env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath: WORKFLOWS,
      activities: context.recorded.activities,
    });
    workerRun = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await context.env?.teardown();
  });
  return context;
}

describe('deliveryHandoff (time-skipping)', () => {
  const harness = withHandoffWorker(startTimeSkippingEnvironment);

  const start = (opportunity: string): Promise<Handle> =>
    harness.env.client.workflow.start(deliveryHandoff, {
      workflowId: handoffWorkflowId('acme', opportunity),
      taskQueue: TASK_QUEUE,
      args: [handoffInput({ opportunity })],
    });

  /** Sleeps (virtually) until an hour past 00:00 UTC of a date. */
  async function sleepUntil(date: string): Promise<void> {
    await harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));
  }

  /** Package completed, submitted, accepted and kicked off today, going live in 90 days. */
  async function kickedOff(handle: Handle): Promise<HandoffState> {
    await act(handle, completePackage(await serverDatePlusDays(harness.env, 90)), 'sam');
    await act(handle, { type: 'submit' }, 'sam');
    await act(handle, { type: 'accept' }, 'pia');
    return act(handle, { type: 'kickoff' }, 'pia');
  }

  it('loops a package through a return until it is accepted, with the sales and review SLAs escalating on time', async () => {
    const handle = await start('OPP-LOOP');
    let state = await handle.query(getHandoffState);
    const packageDue = state.sla!.dueDate;
    const planned = pendingHandoffAlarms(state, CALENDAR).map((alarm) => new Date(alarm.at).toISOString());

    await sleepUntil(addCalendarDays(packageDue, 1));
    state = await handle.query(getHandoffState);
    expect(events(state, 'handoff.package-reminder').map((event) => event.cause!.scheduledFor)).toEqual(
      planned.slice(0, 2),
    );
    expect(events(state, 'handoff.package-escalation')).toEqual([
      expect.objectContaining({
        notify: { role: 'ops_manager', person: 'olga' },
        cause: expect.objectContaining({ scheduledFor: planned[2] }),
      }),
    ]);
    expect(onTime(state, 'handoff.package-reminder') && onTime(state, 'handoff.package-escalation')).toBe(true);
    expect(state.sla!.overdue).toBe(true);
    expect(harness.recorded.deliveries).toContain(handle.workflowId);

    await act(handle, completePackage(await serverDatePlusDays(harness.env, 120)), 'sam');
    state = await act(handle, { type: 'submit' }, 'sam');
    expect(state).toMatchObject({ stage: 'in_review', sla: { kind: 'review', overdue: false } });
    expect((await updateRejection(act(handle, { type: 'return', missing: [] }, 'pia'))).type).toBe('evidence-required');
    const unknown = await updateRejection(act(handle, { type: 'return', missing: [{ key: 'budget' }] }, 'pia'));
    expect(unknown).toMatchObject({
      type: 'unknown-item',
      message: expect.stringContaining('"budget" is not a package item'),
    });
    state = await act(handle, { type: 'return', missing: [{ key: 'scope', note: 'SOW unsigned' }] }, 'pia');
    expect(state).toMatchObject({ stage: 'returned', sla: { kind: 'resubmission', round: 2 } });

    await act(
      handle,
      { type: 'update-package', items: [{ key: 'scope', link: 'https://wiki.example/sow-signed' }] },
      'sam',
    );
    state = await act(handle, { type: 'submit' }, 'sam');
    const reviewDue = state.sla!.dueDate;
    await sleepUntil(addCalendarDays(reviewDue, 1));
    state = await handle.query(getHandoffState);
    expect(events(state, 'handoff.review-reminder')).toHaveLength(1);
    expect(events(state, 'handoff.review-escalation')).toEqual([
      expect.objectContaining({ cause: expect.objectContaining({ subject: 'review', dueDate: reviewDue }) }),
    ]);
    expect(onTime(state, 'handoff.review-escalation')).toBe(true);

    state = await act(handle, { type: 'accept' }, 'pia');
    expect(state).toMatchObject({ stage: 'accepted', projectManager: 'pia' });
    expect(state.reviews.map((review) => review.decision)).toEqual(['returned', 'accepted']);
    // Refused actions wrote nothing: only the accepted ones are in the history.
    const history = await handle.fetchHistory();
    expect(history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ?? []).toHaveLength(
      6,
    );

    await act(handle, { type: 'cancel', reason: 'test over' }, 'olga');
    await handle.result();
    expectProjectedInOrder(harness.recorded, handle.workflowId);
  });

  it('runs milestones: reminders, overdue and escalation on time, a slip that moves dependants, no completing twice', async () => {
    const handle = await start('OPP-MILESTONES');
    let state = await kickedOff(handle);
    const first = state.milestones[0]!;
    expect(state.milestones.map((milestone) => milestone.status)).toEqual([
      'planned',
      'planned',
      'planned',
      'planned',
      'planned',
    ]);
    const escalationDay = new Date(
      pendingHandoffAlarms(state, CALENDAR).find(
        (alarm) => alarm.kind === 'milestone-escalation' && alarm.milestoneKey === first.key,
      )!.at,
    )
      .toISOString()
      .slice(0, 10);

    await sleepUntil(escalationDay);
    state = await handle.query(getHandoffState);
    expect(events(state, 'handoff.milestone-reminder').map((event) => event.milestoneKey)).toEqual([
      first.key,
      first.key,
    ]);
    expect(events(state, 'handoff.milestone-overdue')).toEqual([
      expect.objectContaining({ milestoneKey: first.key, notify: { role: 'project_manager', person: 'pia' } }),
    ]);
    expect(events(state, 'handoff.milestone-escalation')).toEqual([
      expect.objectContaining({ notify: { role: 'ops_manager', person: 'olga' } }),
    ]);
    expect(
      onTime(state, 'handoff.milestone-reminder') &&
        onTime(state, 'handoff.milestone-overdue') &&
        onTime(state, 'handoff.milestone-escalation'),
    ).toBe(true);
    expect(state.milestones[0]).toMatchObject({ overdue: true, escalated: true });

    const badDate = await updateRejection(
      act(handle, { type: 'slip-milestone', milestoneKey: first.key, newDate: first.dueDate, reason: 'late' }, 'pia'),
    );
    expect(badDate.type).toBe('invalid-date');
    const newDate = await serverDatePlusDays(harness.env, 7);
    state = await act(
      handle,
      { type: 'slip-milestone', milestoneKey: first.key, newDate, reason: 'customer IT on holiday' },
      'pia',
    );
    expect(state.milestones[0]).toMatchObject({ dueDate: newDate, overdue: false, escalated: false });
    expect(state.milestones[1]!.dueDate > first.dueDate).toBe(true);

    await act(handle, { type: 'start-milestone', milestoneKey: first.key }, 'pia');
    await act(
      handle,
      { type: 'complete-milestone', milestoneKey: first.key, evidence: { note: 'signed minutes' } },
      'pia',
    );
    const twice = await updateRejection(act(handle, { type: 'complete-milestone', milestoneKey: first.key }, 'pia'));
    expect(twice).toMatchObject({ type: 'invalid-transition', message: expect.stringContaining('is already done') });
    // Done: its timers are gone, while the new date's would have fired by now.
    await sleepUntil(addCalendarDays(newDate, 5));
    state = await handle.query(getHandoffState);
    expect(events(state, 'handoff.milestone-overdue').map((event) => event.cause!.dueDate)).toEqual([first.dueDate]);

    await act(handle, { type: 'cancel', reason: 'test over' }, 'olga');
    expect(await handle.result()).toMatchObject({ stage: 'cancelled', outcome: { reason: 'test over' } });
  });

  it('completes the customer acceptance only with a recorded sign-off, and hands over by starting the renewal follow-up', async () => {
    const handle = await start('OPP-HANDOVER');
    const state = await kickedOff(handle);
    for (const milestone of state.milestones.slice(0, -1))
      await act(handle, { type: 'complete-milestone', milestoneKey: milestone.key }, 'pia');
    const noSignOff = await updateRejection(
      act(handle, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia'),
    );
    expect(noSignOff).toMatchObject({
      type: 'evidence-required',
      message: expect.stringContaining("customer's recorded sign-off"),
    });
    const today = await serverDatePlusDays(harness.env, 0);
    await act(handle, FIXTURE_SIGN_OFF(today), 'pia');
    expect(await act(handle, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia')).toMatchObject(
      { stage: 'accepted_by_customer' },
    );
    const badTerm = await updateRejection(act(handle, FIXTURE_HANDOVER(today, today), 'pia'));
    expect(badTerm.type).toBe('invalid-date');
    const contractEnd = addCalendarDays(today, 364);
    await act(handle, FIXTURE_HANDOVER(today, contractEnd), 'pia');

    const result = await handle.result();
    expect(result).toMatchObject({
      stage: 'handed_over',
      renewalWorkflowId: renewalWorkflowId('acme', 'OPP-HANDOVER'),
      handover: { contractEnd, annualValue: 96_000 },
    });
    const renewal = await harness.env.client.workflow
      .getHandle<typeof renewalFollowUp>(renewalWorkflowId('acme', 'OPP-HANDOVER'))
      .result();
    expect(renewal.start).toEqual({
      account: 'acme',
      region: 'east',
      contractId: 'OPP-HANDOVER',
      termStart: today,
      contractEnd,
      value: 96_000,
      currency: 'CNY',
      tier: 'key',
      customerSuccessOwner: 'cora',
      source: { playbook: 'delivery-handoff', id: handle.workflowId },
      calendar: handoffInput().start.calendar,
    });
    const projected = harness.recorded.projections.filter((projection) => projection.handoffId === handle.workflowId);
    expect(projected.flatMap((projection) => projection.events).at(-1)).toMatchObject({
      type: 'handoff.renewal-started',
      after: { status: 'started' },
    });
    expect(projected.at(-1)).toMatchObject({
      renewalWorkflowId: renewalWorkflowId('acme', 'OPP-HANDOVER'),
      seq: result.seq,
    });
    expectProjectedInOrder(harness.recorded, handle.workflowId);
  });

  it('continues in a renewal that was started first (e.g. through the API)', async () => {
    const renewalId = renewalWorkflowId('acme', 'OPP-EXISTING');
    const handle = await start('OPP-EXISTING');
    const state = await kickedOff(handle);
    // Someone started the renewal through the API; it is still running at handover.
    await harness.env.client.workflow.start(renewalFollowUp, {
      workflowId: renewalId,
      taskQueue: TASK_QUEUE,
      args: [
        {
          start: {
            account: 'acme',
            region: 'east',
            contractId: 'OPP-EXISTING',
            termStart: '2026-01-01',
            contractEnd: '2026-12-31',
            value: 1,
            source: { playbook: 'api' },
            calendar: handoffInput().start.calendar,
          },
        },
      ],
    });
    for (const milestone of state.milestones.slice(0, -1))
      await act(handle, { type: 'complete-milestone', milestoneKey: milestone.key }, 'pia');
    const today = await serverDatePlusDays(harness.env, 0);
    await act(handle, FIXTURE_SIGN_OFF(today), 'pia');
    await act(handle, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia');
    await act(handle, FIXTURE_HANDOVER(today, addCalendarDays(today, 364)), 'pia');
    expect(await handle.result()).toMatchObject({ stage: 'handed_over', renewalWorkflowId: renewalId });
    const last = harness.recorded.projections
      .filter((projection) => projection.handoffId === handle.workflowId)
      .flatMap((projection) => projection.events)
      .at(-1);
    expect(last).toMatchObject({
      type: 'handoff.renewal-started',
      after: { status: 'already-started' },
      summary: expect.stringContaining('which was already started'),
    });
  });

  it('ends at once when cancelled, with no timers fired', async () => {
    const handle = await start('OPP-CANCEL');
    await act(handle, { type: 'cancel', reason: 'deal reversed by the customer' }, 'olga');
    expect(await handle.result()).toMatchObject({
      stage: 'cancelled',
      outcome: { stage: 'cancelled', reason: 'deal reversed by the customer' },
      sla: null,
    });
    const history = await handle.fetchHistory();
    expect(history.events?.filter((event) => event.timerFiredEventAttributes) ?? []).toHaveLength(0);
  });

  it('fails a start that breaks the rules, naming the fields', async () => {
    const input = handoffInput({ opportunity: 'OPP-BAD', prefill: { targetGoLive: 'soon' } });
    const handle = await harness.env.client.workflow.start(deliveryHandoff, {
      workflowId: handoffWorkflowId('acme', 'OPP-BAD'),
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
      message: expect.stringContaining('start.prefill.targetGoLive must be a YYYY-MM-DD date, not "soon"'),
    });
  });
});

// The time-skipping server never suggests continuing as new; the dev server does, past a history length it is told.
describe('deliveryHandoff reminding the customer (time-skipping)', () => {
  // An environment of its own: the other tests' running cases would slow its month of skipped time.
  const harness = withHandoffWorker(startTimeSkippingEnvironment);

  async function sleepUntil(date: string): Promise<void> {
    await harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));
  }

  it('reminds the customer of a waiting step on time, tells the project manager when they are late, and stops once they act', async () => {
    const handle = await harness.env.client.workflow.start(deliveryHandoff, {
      workflowId: handoffWorkflowId('acme', 'OPP-REMIND'),
      taskQueue: TASK_QUEUE,
      args: [handoffInput({ opportunity: 'OPP-REMIND' })],
    });
    await act(handle, completePackage(await serverDatePlusDays(harness.env, 90)), 'sam');
    await act(handle, { type: 'submit' }, 'sam');
    await act(handle, { type: 'accept' }, 'pia');
    let state = await act(handle, { type: 'kickoff' }, 'pia');
    const kickoff = state.stageEnteredAt.slice(0, 10);
    const requirements = 'confirm-milestone:requirements-confirmed';
    // The customer's first milestone waits on them from kickoff: reminded 2 business days later.
    const firstReminder = addBusinessDays(CALENDAR, kickoff, 2).date;
    await sleepUntil(firstReminder);
    state = await handle.query(getHandoffState);
    expect(events(state, 'handoff.customer-reminded')).toEqual([
      expect.objectContaining({
        at: expect.stringMatching(`^${firstReminder}T00:00:`),
        milestoneKey: 'requirements-confirmed',
        customerReminder: expect.objectContaining({ stepKey: requirements, since: kickoff, round: 1 }),
      }),
    ]);
    expect(events(state, 'handoff.customer-reminded')[0]).not.toHaveProperty('notify');
    expect(events(state, 'handoff.customer-overdue')).toEqual([]);
    expect(state.customerReminders?.last[requirements]).toMatchObject({ round: 1 });

    // The customer confirms: its second reminder (5 business days after kickoff) never comes.
    const receipt = await handle.executeUpdate(handoffCustomerAction, {
      args: [
        {
          action: { type: 'confirm-milestone', milestoneKey: 'requirements-confirmed', text: 'We confirm.' },
          customer: { name: 'Li Wei', email: 'li.wei@acme.example' },
        },
      ],
    });
    expect(receipt).toEqual({ receipt: true, seq: expect.any(Number) });
    state = await handle.query(getHandoffState);
    const confirmedAt = state.milestones[0]!.completedAt!.slice(0, 10);
    await sleepUntil(addBusinessDays(CALENDAR, kickoff, 6).date);
    state = await handle.query(getHandoffState);
    const reminded = events(state, 'handoff.customer-reminded');
    expect(reminded.filter((event) => event.customerReminder!.stepKey === requirements)).toHaveLength(1);

    // The next milestone waits on the customer from that confirmation: reminded twice, then the PM is told.
    const lateDay = addBusinessDays(CALENDAR, confirmedAt, 5).date;
    await sleepUntil(lateDay);
    state = await handle.query(getHandoffState);
    const spec = events(state, 'handoff.customer-reminded').filter((event) => event.milestoneKey === 'spec-confirmed');
    expect(spec.map((event) => [event.at.slice(0, 16), event.customerReminder!.round])).toEqual([
      [`${addBusinessDays(CALENDAR, confirmedAt, 2).date}T00:00`, 1],
      [`${lateDay}T00:00`, 2],
    ]);
    expect(events(state, 'handoff.customer-overdue')).toEqual([
      expect.objectContaining({
        at: expect.stringMatching(`^${lateDay}T00:00:`),
        milestoneKey: 'spec-confirmed',
        notify: { role: 'project_manager', person: 'pia' },
        summary: expect.stringContaining(
          `The customer has not confirmed the milestone "Spec and prototype confirmed by the customer" on the delivery handoff for acme (opportunity OPP-REMIND) since ${confirmedAt}`,
        ),
      }),
    ]);
    // Nothing more after the last reminder.
    await sleepUntil(addCalendarDays(lateDay, 14));
    state = await handle.query(getHandoffState);
    expect(events(state, 'handoff.customer-reminded')).toHaveLength(3);
    expect(events(state, 'handoff.customer-overdue')).toHaveLength(1);

    await act(handle, { type: 'cancel', reason: 'test over' }, 'olga');
    await handle.result();
    expectProjectedInOrder(harness.recorded, handle.workflowId);
  });
});

describe('deliveryHandoff continuing as new (dev server)', () => {
  const harness = withHandoffWorker(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: temporalCliExecutable(),
        extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40'],
      },
    }),
  );

  it('carries the whole state into the next run and keeps projecting where it left off', async () => {
    const handle = await harness.env.client.workflow.start(deliveryHandoff, {
      workflowId: handoffWorkflowId('acme', 'OPP-LONG'),
      taskQueue: TASK_QUEUE,
      args: [handoffInput({ opportunity: 'OPP-LONG' })],
    });
    const goLive = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await act(handle, completePackage(goLive), 'sam');
    await act(handle, { type: 'submit' }, 'sam');
    await act(handle, { type: 'return', missing: [{ key: 'contract', note: 'unsigned copy' }] }, 'pia');
    // Comments grow the history past the limit; the run continues as new once it is quiet (a new run id under the same workflow id).
    let before: HandoffState | undefined;
    for (let comment = 0; comment < 8; comment += 1)
      before = await act(handle, { type: 'comment', text: `note ${comment}` }, 'sam');
    await eventually(
      () => handle.describe(),
      (description) => description.runId !== handle.firstExecutionRunId,
    );
    const after = await handle.query(getHandoffState);
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      stage: 'returned',
      sla: { kind: 'resubmission', round: 2 },
      packageItems: expect.arrayContaining([
        expect.objectContaining({ key: 'contract', status: 'missing', returnNote: 'unsigned copy' }),
      ]),
    });

    // The new run takes actions on the carried state, and its projections continue the numbering.
    await act(
      handle,
      { type: 'update-package', items: [{ key: 'contract', link: 'https://crm.example/signed.pdf' }] },
      'sam',
    );
    await act(handle, { type: 'submit' }, 'sam');
    const accepted = await act(handle, { type: 'accept' }, 'pia');
    expect(accepted.reviews.map((review) => review.decision)).toEqual(['returned', 'accepted']);
    await act(handle, { type: 'cancel', reason: 'test over' }, 'olga');
    expect(await handle.result()).toMatchObject({ stage: 'cancelled', seq: accepted.seq + 1 });
    expectProjectedInOrder(harness.recorded, handle.workflowId);
    expect(
      harness.recorded.projections
        .filter((projection) => projection.handoffId === handle.workflowId)
        .flatMap((projection) => projection.events)
        .filter((event) => event.type === 'handoff.started'),
    ).toHaveLength(1);
  });
  it('projects an action that reaches a continued run with its first task', async () => {
    // The first run's state, every event of it projected: what a run continuing as new carries.
    const workflowId = handoffWorkflowId('acme', 'OPP-FIRST-TASK');
    const first = await harness.env.client.workflow.start(deliveryHandoff, {
      workflowId,
      taskQueue: TASK_QUEUE,
      args: [handoffInput({ opportunity: 'OPP-FIRST-TASK' })],
    });
    const goLive = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await act(first, completePackage(goLive), 'sam');
    const carried = await act(first, { type: 'submit' }, 'sam');
    const projectedEvents = () =>
      harness.recorded.projections
        .filter((projection) => projection.handoffId === workflowId)
        .flatMap((projection) => projection.events.map((event) => event.n));
    await eventually(
      async () => projectedEvents(),
      (events) => events.includes(carried.eventCount),
    );
    await first.terminate('continued by hand');

    // Update-with-start delivers the action in the continued run's first task, before any handler is registered.
    const receipt = await harness.env.client.workflow.executeUpdateWithStart(handoffAction, {
      args: [{ action: { type: 'return', missing: [{ key: 'contract', note: 'unsigned copy' }] }, actor: 'pia' }],
      startWorkflowOperation: new WithStartWorkflowOperation(deliveryHandoff, {
        workflowId,
        taskQueue: TASK_QUEUE,
        args: [{ ...handoffInput({ opportunity: 'OPP-FIRST-TASK' }), carriedState: carried }],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    expect(receipt).toEqual({ receipt: true, seq: carried.seq + 1 });
    const handle = harness.env.client.workflow.getHandle(workflowId);
    await handle.executeUpdate(handoffAction, {
      args: [{ action: { type: 'cancel', reason: 'test over' }, actor: 'olga' }],
    });
    await handle.result();
    expectProjectedInOrder(harness.recorded, workflowId);
    expect(projectedEvents()).toHaveLength(carried.eventCount + 2);
  });
});
