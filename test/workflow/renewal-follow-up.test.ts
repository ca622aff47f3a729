import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import type { RenewalAction } from '../../domain/renewal/actions';
import type { RenewalState, RenewalTimelineEventType } from '../../domain/renewal/types';
import {
  getRenewalState,
  renewalAction,
  renewalFollowUp,
  renewalWorkflowId,
} from '../../workflows/renewal/renewal-follow-up';
import {
  AT_RISK_FIGURES,
  HEALTHY_FIGURES,
  recordingRenewalActivities,
  renewalInput,
} from '../helpers/renewal-fixtures';
import { serverDatePlusDays, timeSkippingWorker } from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';

const TASK_QUEUE = 'baton-renewal-test';
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('renewalFollowUp (time-skipping)', () => {
  /** Contracts whose health source is down: their checks fail, as a refusing webhook would. */
  const sourceDown = new Set<string>();

  const recorded = recordingRenewalActivities((request) =>
    sourceDown.has(request.contractId)
      ? ApplicationFailure.nonRetryable('The health source answered HTTP 404: no such contract', 'HealthSourceRefused')
      : HEALTHY_FIGURES,
  );
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('../../workflows/renewal/renewal-follow-up'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof renewalFollowUp>;

  /** Starts follow-up of contract `contractId`, running from today for `days` days. */
  async function startRenewal(contractId: string, days: number): Promise<Handle> {
    const input = renewalInput({
      contractId,
      termStart: await serverDatePlusDays(harness.env, 0),
      contractEnd: await serverDatePlusDays(harness.env, days),
    });
    return harness.env.client.workflow.start(renewalFollowUp, {
      workflowId: renewalWorkflowId('acme', contractId),
      taskQueue: TASK_QUEUE,
      args: [input],
    });
  }

  /** The action, then the renewal's state (an Update answers only a receipt since lean-renewal-small-payloads). */
  const act = async (handle: Handle, action: RenewalAction, actor = 'ana') => {
    const answer = await handle.executeUpdate(renewalAction, { args: [{ action, actor }] });
    expect(answer).toEqual({ receipt: true, seq: expect.any(Number) });
    return handle.query(getRenewalState);
  };

  const projectionsOf = (handle: Handle) =>
    recorded.projections.filter((projection) => projection.renewalId === handle.workflowId);
  /** Every event the renewal projected to the read model, in order, across all its runs. */
  const projectedEvents = (handle: Handle) => projectionsOf(handle).flatMap((projection) => projection.events);
  const projected = (handle: Handle, type: RenewalTimelineEventType) =>
    projectedEvents(handle).filter((event) => event.type === type);
  const events = (state: RenewalState, type: RenewalTimelineEventType) =>
    state.timeline.filter((event) => event.type === type);

  /** Sleeps (virtually) until an hour past 00:00 UTC of a date. */
  async function sleepUntil(date: string): Promise<void> {
    await harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));
  }

  it('follows a contract for two terms: renewed (continuing as new with its state), then churned, with checks and escalations on time', async () => {
    // A whole year: today to the day before today's date next year.
    const handle = await startRenewal('C-LIFE', 364);
    const firstRun = handle.firstExecutionRunId;
    let state = await handle.query(getRenewalState);
    const end1 = state.term.contractEnd;
    const yearAfter = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
    const due = Object.fromEntries(state.term.steps.map((step) => [step.key, step.dueDate]));
    expect(due).toEqual({
      health_review: addCalendarDays(end1, -120),
      proposal: addCalendarDays(end1, -90),
      negotiation: addCalendarDays(end1, -60),
      outcome: addCalendarDays(end1, -30),
    });

    // Term 1, the health review date: the reminders came before it, and the health source answered on the day.
    await sleepUntil(due.health_review!);
    state = await handle.query(getRenewalState);
    expect(recorded.checks.filter((check) => check.contractId === 'C-LIFE')).toMatchObject([
      { term: 1, round: 1, contractEnd: end1 },
    ]);
    expect(state.term.health).toMatchObject({ score: 100, band: 'healthy', source: 'health-source' });
    expect(state.term.steps.find((step) => step.key === 'health_review')).toMatchObject({
      status: 'done',
      overdue: false,
    });
    expect(state.stage).toBe('proposal');
    const reminders = events(state, 'renewal.step-reminder').filter((event) => event.stepKey === 'health_review');
    expect(reminders.map((event) => event.cause!.rule)).toEqual([
      'health review reminder 5 business days before it is due',
      'health review reminder 1 business day before it is due',
    ]);
    for (const event of reminders)
      expect(Date.parse(event.at) - Date.parse(event.cause!.scheduledFor)).toBeLessThan(MINUTE);

    // Nobody sends the proposal: overdue the day after, escalated to the ops manager three business days later.
    await sleepUntil(addCalendarDays(due.proposal!, 6));
    state = await handle.query(getRenewalState);
    const [overdue] = events(state, 'renewal.step-overdue');
    expect(overdue).toMatchObject({
      stepKey: 'proposal',
      notify: { role: 'customer_success', person: 'ana' },
      cause: { scheduledFor: `${addCalendarDays(due.proposal!, 1)}T00:00:00.000Z` },
    });
    const [escalation] = events(state, 'renewal.step-escalation');
    expect(escalation).toMatchObject({
      stepKey: 'proposal',
      actor: 'baton',
      notify: { role: 'ops_manager', person: 'olga' },
      cause: { subject: 'proposal', dueDate: due.proposal, calendar: 'mon-fri' },
    });
    expect(Date.parse(escalation!.at) - Date.parse(escalation!.cause!.scheduledFor)).toBeLessThan(MINUTE);
    expect(state.term.steps.find((step) => step.key === 'proposal')).toMatchObject({
      status: 'open',
      overdue: true,
      escalated: true,
    });
    expect(recorded.deliveries).toContain(handle.workflowId);

    await act(handle, { type: 'send-proposal', value: 100_000, note: 'same scope' });
    await act(handle, { type: 'note-negotiation', note: 'procurement asks for a 3% discount' }, 'sam');
    const eventsBeforeRenewal = (await handle.query(getRenewalState)).eventCount;
    const renewed = await act(handle, { type: 'decide', outcome: 'renewed', note: 'signed' });
    // The update answers with the next term already planned.
    expect(renewed.term).toMatchObject({ number: 2, termStart: addCalendarDays(end1, 1), value: 100_000 });

    // Continue-as-new: a new run of the same workflow id, carrying everything.
    await harness.env.sleep('1 hour');
    const description = await handle.describe();
    expect(description.runId).not.toBe(firstRun);
    expect(description.status.name).toBe('RUNNING');
    const firstHistory = await harness.env.client.workflow.getHandle(handle.workflowId, firstRun).fetchHistory();
    expect(firstHistory.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    state = await handle.query(getRenewalState);
    expect(state.pastTerms).toMatchObject([
      {
        number: 1,
        outcome: 'renewed',
        newValue: 100_000,
        healthScore: 100,
        overdueSteps: ['proposal'],
        decidedBy: 'ana',
      },
    ]);
    expect(state.term).toMatchObject({
      number: 2,
      termStart: addCalendarDays(end1, 1),
      contractEnd: yearAfter(end1),
      compressed: false,
    });
    expect(state.eventCount).toBeGreaterThan(eventsBeforeRenewal);
    expect(state.timeline[0]!.n).toBe(1);
    expect(state.timeline.map((event) => event.type)).toContain('renewal.step-escalation');
    expect(state).toMatchObject({
      stage: 'health_review',
      rules: { healthReviewDaysBefore: 120 },
      contacts: { opsManager: 'olga' },
      customerSuccessOwner: 'ana',
    });

    // Term 2: the health source is down, so the review waits for posted figures, which are at risk: escalated at once.
    sourceDown.add('C-LIFE');
    const end2 = state.term.contractEnd;
    const review2 = state.term.steps.find((step) => step.key === 'health_review')!.dueDate;
    await sleepUntil(review2);
    state = await handle.query(getRenewalState);
    expect(state.healthCheck).toMatchObject({
      status: 'failed',
      lastError: 'The health source answered HTTP 404: no such contract',
    });
    const [failed] = events(state, 'renewal.health-check-failed');
    expect(failed).toMatchObject({ term: 2, notify: { role: 'customer_success', person: 'ana' } });
    expect(state.term.steps.find((step) => step.key === 'health_review')!.status).toBe('open');
    state = await act(handle, { type: 'record-health', figures: AT_RISK_FIGURES });
    expect(state.term).toMatchObject({ atRisk: true, health: { score: 21, band: 'at-risk', source: 'posted' } });
    expect(events(state, 'renewal.at-risk-escalation')[0]).toMatchObject({
      term: 2,
      notify: { role: 'ops_manager', person: 'olga' },
    });

    // Still undecided a week before the end: last call.
    await sleepUntil(addCalendarDays(end2, -7));
    state = await handle.query(getRenewalState);
    expect(events(state, 'renewal.last-call')[0]).toMatchObject({
      term: 2,
      notify: { role: 'ops_manager', person: 'olga' },
    });
    const refused = await updateRejection(
      act(handle, { type: 'decide', outcome: 'churned', churnReason: 'low-adoption' }),
    );
    expect(refused).toMatchObject({ type: 'invalid-value', message: 'A churn needs a note saying what happened' });
    await act(handle, {
      type: 'decide',
      outcome: 'churned',
      churnReason: 'low-adoption',
      note: 'never rolled out beyond the pilot team',
    });
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'churned', atRisk: false, nextStep: null });
    expect(result.terms.map((term) => [term.number, term.outcome, term.newValue])).toEqual([
      [1, 'renewed', 100_000],
      [2, 'churned', 0],
    ]);

    // One writer across both runs: projections in order, each event exactly once, numbered without a gap.
    const seqs = projectionsOf(handle).map((projection) => projection.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const numbers = projectedEvents(handle).map((event) => event.n);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect(projected(handle, 'renewal.term-planned').map((event) => event.term)).toEqual([1, 2]);
    expect(projected(handle, 'renewal.churned')).toHaveLength(1);
    // Well over a year of virtual time passed.
    expect(Date.parse(`${end2}T00:00:00Z`) - Date.parse(`${state.term.termStart}T00:00:00Z`)).toBeGreaterThan(
      360 * 24 * HOUR,
    );
    // The refused churn wrote nothing: only accepted updates are in the last run's history.
    const lastHistory = await handle.fetchHistory();
    expect(lastHistory.events!.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(2); // health figures, churn
  });

  it('plans only what still makes sense for a contract ending in 20 days, and checks health at once', async () => {
    const handle = await startRenewal('C-LATE', 20);
    await harness.env.sleep('1 hour');
    const state = await handle.query(getRenewalState);
    expect(state.term.compressed).toBe(true);
    expect(state.term.steps.map((step) => step.status)).toEqual(['done', 'skipped', 'skipped', 'open']);
    expect(state.term.steps.find((step) => step.key === 'outcome')!.dueDate).toBe(state.term.contractEnd);
    const [planned] = events(state, 'renewal.term-planned');
    expect(planned!.summary).toContain('The contract end is close, so only what still makes sense is planned');
    expect(planned!.notify).toEqual({ role: 'customer_success', person: 'ana' });
    expect(recorded.checks.filter((check) => check.contractId === 'C-LATE')).toHaveLength(1);
    // No reminder was sent for dates that had passed before the plan.
    expect(events(state, 'renewal.step-reminder')).toEqual([]);
    const nextEnd = addCalendarDays(state.term.contractEnd, 365);
    await act(handle, { type: 'decide', outcome: 'expanded', newValue: 130_000, nextContractEnd: nextEnd });
    await harness.env.sleep('1 hour');
    const next = await handle.query(getRenewalState);
    expect(next.term).toMatchObject({ number: 2, value: 130_000, contractEnd: nextEnd, compressed: false });
    expect(next.term.steps.map((step) => step.status)).toEqual(['open', 'open', 'open', 'open']);
    await act(handle, { type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'test over' });
    await handle.result();
  });

  it('fails a start that breaks the rules, naming the fields', async () => {
    const input = renewalInput(
      { contractId: 'C-BAD', termStart: '2027-05-01', contractEnd: '2027-04-01' },
      { rules: { proposalDaysBefore: 0 } },
    );
    const handle = await harness.env.client.workflow.start(renewalFollowUp, {
      workflowId: renewalWorkflowId('acme', 'C-BAD'),
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
      message:
        'The renewal is not valid: start.contractEnd 2027-04-01 is before start.termStart 2027-05-01; rules.proposalDaysBefore must be a whole number from 1 to 3660',
    });
  });
});
