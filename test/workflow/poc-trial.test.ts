import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import { dealWorkflowId } from '../../domain/deal/transitions';
import { handoffWorkflowId } from '../../domain/shared/lifecycle';
import type { PocAction } from '../../domain/poc/actions';
import type { PocStage, PocState, PocTimelineEventType } from '../../domain/poc/types';
import { PROVISIONING_ATTEMPTS, getPocState, pocAction, pocTrial, pocWorkflowId } from '../../workflows/poc/poc-trial';
import { pocInput, recordingPocActivities } from '../helpers/poc-fixtures';
import { serverDatePlusDays, startedChild, timeSkippingWorker } from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';

const TASK_QUEUE = 'baton-poc-test';
const HOUR = 3_600_000;

describe('pocTrial (time-skipping)', () => {
  const recorded = recordingPocActivities();
  const harness = timeSkippingWorker(recorded.activities, {
    workflowsPath: require.resolve('./stand-ins/poc-trial-and-next'),
    taskQueue: TASK_QUEUE,
  });

  type Handle = WorkflowHandleWithFirstExecutionRunId<typeof pocTrial>;

  /** Starts a trial planned from today; amounts under 10,000 are approved automatically. */
  async function startTrial(
    opportunityId: string,
    amount: number,
    failures?: number,
    nonRetryable = false,
  ): Promise<Handle> {
    const input = pocInput({ opportunityId, amount, plannedStart: await serverDatePlusDays(harness.env, 0) });
    const workflowId = pocWorkflowId('acme', opportunityId);
    if (failures !== undefined) recorded.scripts.set(workflowId, { failures, nonRetryable });
    return harness.env.client.workflow.start(pocTrial, { workflowId, taskQueue: TASK_QUEUE, args: [input] });
  }

  /** The action, then the trial's state (an Update answers only a receipt since lean-poc-small-payloads). */
  const act = async (handle: Handle, action: PocAction, actor: string) => {
    const answer = await handle.executeUpdate(pocAction, { args: [{ action, actor }] });
    expect(answer).toEqual({ receipt: true, seq: expect.any(Number) });
    return handle.query(getPocState);
  };

  const events = (state: PocState, type: PocTimelineEventType) => state.timeline.filter((event) => event.type === type);
  const calls = (handle: Handle) => recorded.provisioningCalls.filter((call) => call.trialId === handle.workflowId);

  /** Lets (virtual) time pass until the trial reaches a stage; provisioning retries wait on backoff timers. */
  async function reach(handle: Handle, stage: PocStage): Promise<PocState> {
    for (let round = 0; round < 40; round += 1) {
      const state = await handle.query(getPocState);
      if (state.stage === stage) return state;
      await harness.env.sleep(15_000);
    }
    throw new Error(`${handle.workflowId} never reached ${stage}`);
  }

  /** Sleeps (virtually) until an hour past 00:00 UTC of a date. */
  async function sleepUntil(date: string): Promise<void> {
    await harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));
  }

  /** An auto-approved trial, provisioned and kicked off today. */
  async function activeTrial(opportunityId: string): Promise<Handle> {
    const handle = await startTrial(opportunityId, 5_000);
    await reach(handle, 'ready');
    await act(handle, { type: 'kickoff' }, 'sam');
    return handle;
  }

  it('reminds and escalates an undecided request on its SLA, then provisions it once approved', async () => {
    const handle = await startTrial('OPP-SLA', 50_000);
    let state = await handle.query(getPocState);
    expect(state).toMatchObject({ stage: 'requested', approval: { overdue: false } });
    const due = state.approval.dueDate;

    await sleepUntil(due);
    state = await handle.query(getPocState);
    expect(events(state, 'poc.approval-reminder').map((event) => event.cause!.rule)).toEqual([
      'approval reminder 1 business day before it is due',
      'approval reminder on the day it is due',
    ]);
    expect(events(state, 'poc.approval-escalation')).toHaveLength(0);

    await sleepUntil(addCalendarDays(due, 1));
    state = await handle.query(getPocState);
    const [escalation] = events(state, 'poc.approval-escalation');
    expect(escalation).toMatchObject({
      actor: 'baton',
      notify: { role: 'ops_manager', person: 'olga' },
      cause: { subject: 'approval', dueDate: due, calendar: 'mon-fri' },
    });
    expect(state.approval.overdue).toBe(true);

    const own = await updateRejection(act(handle, { type: 'approve' }, 'sam'));
    expect(own).toMatchObject({
      type: 'invalid-transition',
      message: 'sam asked for the POC for acme (opportunity OPP-SLA) and cannot approve it too',
    });
    state = await act(handle, { type: 'approve' }, 'rita');
    // The approval hands the trial straight to provisioning; the state is read after the receipt, by when the
    // provisioning may have finished already.
    const stages = state.stageHistory.map((entry) => entry.stage);
    expect(stages.slice(stages.indexOf('approved'), stages.indexOf('approved') + 2)).toEqual([
      'approved',
      'provisioning',
    ]);
    state = await reach(handle, 'ready');
    expect(state.provisioning.environment).toMatchObject({
      reference: 'env-1',
      url: 'https://acme.trial.example',
      manual: false,
    });
    expect(calls(handle)).toHaveLength(1);
    expect(recorded.deliveries).toContain(handle.workflowId);

    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'cancelled', approvalOverdue: true });
    // One writer: every change projected in order, each event exactly once.
    const projections = recorded.projections.filter((projection) => projection.trialId === handle.workflowId);
    const seqs = projections.map((projection) => projection.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const projected = projections.flatMap((projection) => projection.events.map((event) => event.n));
    expect(projected).toEqual(projected.map((_, index) => index + 1));
    expect(projections.at(-1)).toMatchObject({ stage: 'cancelled', seq: result.seq });
  });

  it('without a provisioner, waits in provisioning for a person to record the environment, with no failure or alarm', async () => {
    recorded.scripts.set(pocWorkflowId('acme', 'OPP-BY-HAND'), { failures: 0, byHand: true });
    const handle = await startTrial('OPP-BY-HAND', 5_000);
    let state = await handle.query(getPocState);
    for (let round = 0; round < 20 && !state.provisioning.byHand; round += 1) {
      await harness.env.sleep(1_000);
      state = await handle.query(getPocState);
    }
    expect(state).toMatchObject({ stage: 'provisioning', provisioning: { round: 1, byHand: true } });
    expect(calls(handle)).toHaveLength(1);
    expect(events(state, 'provisioning.failed')).toHaveLength(0);
    expect(events(state, 'provisioning.by-hand')[0]).toMatchObject({
      notify: { role: 'regional_ops', person: 'rita' },
    });
    await harness.env.sleep(3 * 24 * HOUR);
    state = await handle.query(getPocState);
    expect(state.stage).toBe('provisioning');
    expect(calls(handle)).toHaveLength(1);
    state = await act(handle, { type: 'mark-provisioned', environmentUrl: 'https://acme.trial.example' }, 'rita');
    expect(state.stage).toBe('ready');
    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
  });

  it('refuses to mark an environment provisioned by hand while the provisioner is ordering it', async () => {
    const handle = await startTrial('OPP-ORDERING', 5_000, Infinity);
    await handle.query(getPocState);
    const refused = await updateRejection(
      act(handle, { type: 'mark-provisioned', environmentUrl: 'https://acme.trial.example' }, 'rita'),
    );
    expect(refused.message).toBe(
      'Baton is ordering the environment for the POC for acme (opportunity OPP-ORDERING) from the provisioner; mark it provisioned by hand only if that fails',
    );
    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
  });

  it('retries provisioning, then waits in provisioning_failed for a person to retry or provision by hand', async () => {
    const handle = await startTrial('OPP-PROV', 5_000, Infinity);
    let state = await reach(handle, 'provisioning_failed');
    expect(calls(handle)).toHaveLength(PROVISIONING_ATTEMPTS);
    expect(new Set(calls(handle).map((call) => call.idempotencyKey))).toEqual(
      new Set([`${handle.workflowId}/provisioning-1`]),
    );
    expect(state.provisioning.lastError).toBe(
      `provisioner down (call ${PROVISIONING_ATTEMPTS}) (gave up after ${PROVISIONING_ATTEMPTS} attempts)`,
    );
    expect(events(state, 'provisioning.failed')[0]).toMatchObject({ notify: { role: 'regional_ops', person: 'rita' } });

    // It waits for a person, however long that takes.
    await harness.env.sleep(3 * 24 * HOUR);
    expect((await handle.query(getPocState)).stage).toBe('provisioning_failed');
    const early = await updateRejection(act(handle, { type: 'kickoff' }, 'sam'));
    expect(early.message).toBe(
      'The POC for acme (opportunity OPP-PROV) is provisioning failed; kickoff needs it ready',
    );

    state = await act(handle, { type: 'retry-provisioning' }, 'rita');
    // Read after the receipt: the second round may have failed again by then.
    expect(state.provisioning.round).toBe(2);
    expect(events(state, 'provisioning.started').at(-1)).toMatchObject({
      actor: 'rita',
      after: { stage: 'provisioning', round: 2 },
    });
    state = await reach(handle, 'provisioning_failed');
    expect(calls(handle)).toHaveLength(2 * PROVISIONING_ATTEMPTS);
    expect(calls(handle).at(-1)!.idempotencyKey).toBe(`${handle.workflowId}/provisioning-2`);

    state = await act(
      handle,
      { type: 'mark-provisioned', environmentUrl: 'https://acme.onprem.example', note: 'installed on their VM' },
      'otto',
    );
    expect(state).toMatchObject({
      stage: 'ready',
      provisioning: { environment: { url: 'https://acme.onprem.example', manual: true, by: 'otto' } },
    });
    expect(state.stageHistory.map((entry) => entry.stage)).toEqual([
      'requested',
      'approved',
      'provisioning',
      'provisioning_failed',
      'provisioning',
      'provisioning_failed',
      'ready',
    ]);
    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
    await handle.result();
  });

  it('recovers within its retries, and stops at once on a refusal that retrying cannot fix', async () => {
    const flaky = await startTrial('OPP-FLAKY', 5_000, 2);
    const state = await reach(flaky, 'ready');
    expect(calls(flaky)).toHaveLength(3);
    expect(state.stageHistory.map((entry) => entry.stage)).not.toContain('provisioning_failed');

    const refused = await startTrial('OPP-REFUSED', 5_000, Infinity, true);
    const failed = await reach(refused, 'provisioning_failed');
    expect(calls(refused)).toHaveLength(1);
    expect(failed.provisioning.lastError).toBe('provisioner down (call 1)');
    await Promise.all([
      act(flaky, { type: 'withdraw', reason: 'test over' }, 'sam'),
      act(refused, { type: 'withdraw', reason: 'test over' }, 'sam'),
    ]);
    // One at a time: each result() unlocks and relocks the test server's time skipping, and
    // concurrent calls leave it locked, so every later harness.env.sleep() would hang.
    await flaky.result();
    await refused.result();
  });

  it('flags missed check-ins at risk and notifies regional ops; a check-in clears it', async () => {
    const handle = await activeTrial('OPP-CHECKIN');
    let state = await handle.query(getPocState);
    const due = state.nextCheckInDue!;
    expect(due).toBe(await serverDatePlusDays(harness.env, 7));

    await sleepUntil(addCalendarDays(due, 2)); // within the 2 days' grace
    state = await handle.query(getPocState);
    expect(events(state, 'poc.check-in-reminder')).toHaveLength(1);
    expect(state.atRisk).toBe(false);

    await sleepUntil(addCalendarDays(due, 3));
    state = await handle.query(getPocState);
    expect(state).toMatchObject({
      atRisk: true,
      riskReasons: ['missed-check-in'],
      missedCheckIns: 1,
      nextCheckInDue: addCalendarDays(due, 7),
    });
    expect(events(state, 'poc.check-in-missed')[0]).toMatchObject({
      notify: { role: 'regional_ops', person: 'rita' },
      cause: { subject: 'check-in', dueDate: due },
    });

    state = await act(
      handle,
      { type: 'check-in', summary: 'Back on track after the holidays', health: 'green' },
      'sam',
    );
    expect(state).toMatchObject({ atRisk: false, riskReasons: [] });
    await act(handle, { type: 'withdraw', reason: 'test over' }, 'sam');
    await handle.result();
    // The read model saw the flag go up, then come down with the check-in.
    const flags = recorded.projections
      .filter((projection) => projection.trialId === handle.workflowId)
      .map((projection) => [projection.atRisk, projection.missedCheckIns]);
    const raised = flags.findIndex(([atRisk]) => atRisk);
    expect(flags[raised]).toEqual([true, 1]);
    expect(flags.slice(raised)).toContainEqual([false, 1]);
  });

  it('limits extensions, moves the end with an approved one, and expires after the end and grace', async () => {
    const handle = await activeTrial('OPP-EXPIRY');
    let state = await handle.query(getPocState);
    const firstEnd = state.endDate;
    const firstExpiry = state.expiresOn;

    const tooLong = await updateRejection(
      act(handle, { type: 'request-extension', days: 15, reason: 'more data' }, 'sam'),
    );
    expect(tooLong).toMatchObject({
      type: 'limit-reached',
      message: expect.stringContaining('the limit is 14 (14 left)'),
    });
    await act(handle, { type: 'request-extension', days: 7, reason: 'customer holiday week' }, 'sam');
    state = await act(handle, { type: 'approve-extension' }, 'rita');
    expect(state.endDate).toBe(addCalendarDays(firstEnd, 7));
    const again = await updateRejection(act(handle, { type: 'request-extension', days: 3, reason: 'one more' }, 'sam'));
    expect(again).toMatchObject({
      type: 'limit-reached',
      message: 'The POC for acme (opportunity OPP-EXPIRY) already had 1 extension; the limit is 1',
    });

    // The first end passes quietly; the trial expires only after the new end and its grace.
    await sleepUntil(firstExpiry);
    state = await handle.query(getPocState);
    expect(state.stage).toBe('active');
    expect(events(state, 'poc.expiry-reminder')).toHaveLength(0);

    await sleepUntil(addCalendarDays(state.expiresOn, -1));
    state = await handle.query(getPocState);
    expect(events(state, 'poc.expiry-reminder').map((event) => event.cause!.scheduledFor.slice(0, 10))).toEqual([
      addCalendarDays(state.expiresOn, -3),
      addCalendarDays(state.expiresOn, -1),
    ]);
    await sleepUntil(state.expiresOn);
    const result = await handle.result();
    expect(result).toMatchObject({
      stage: 'expired',
      outcome: { stage: 'expired', by: 'baton' },
      extensionsGranted: 1,
      extensionDaysGranted: 7,
      endDate: addCalendarDays(firstEnd, 7),
    });

    // Refused actions wrote nothing: only the accepted ones are in the history.
    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(3); // kickoff, request-extension, approve-extension
  });

  it('records the outcome: converted with its next step, lost with a reason from the taxonomy', async () => {
    const won = await activeTrial('OPP-WON');
    await act(
      won,
      { type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'https://status.example/acme' },
      'priya',
    );
    const foreign = await updateRejection(
      act(
        won,
        {
          type: 'convert',
          nextStep: 'delivery-handoff',
          dealSupport: { supportTypes: ['customer-visit'], dueDate: '2099-01-01', dealStage: 'x' },
        },
        'sam',
      ),
    );
    expect(foreign).toMatchObject({
      type: 'invalid-transition',
      message: 'dealSupport goes only with nextStep "deal-support"',
    });
    await act(
      won,
      {
        type: 'convert',
        nextStep: 'delivery-handoff',
        note: 'signed',
        handoff: { commitments: 'Dashboards in Chinese' },
      },
      'sam',
    );
    expect(await won.result()).toMatchObject({
      stage: 'converted',
      criteriaMet: 1,
      outcome: { nextStep: 'delivery-handoff', by: 'sam' },
    });
    // The conversion started the delivery handoff, its requirements taken from the success criteria.
    const handoffId = handoffWorkflowId('acme', 'OPP-WON');
    expect((await won.query(getPocState)).timeline.at(-1)).toMatchObject({
      type: 'poc.next-step-started',
      after: { workflowType: 'deliveryHandoff', workflowId: handoffId, status: 'started' },
    });
    const handoff = await startedChild(harness.env, handoffId);
    expect(handoff).toMatchObject({
      workflowType: 'deliveryHandoff',
      input: {
        requestedBy: 'sam',
        start: {
          account: 'acme',
          opportunity: 'OPP-WON',
          region: 'east',
          salesOwner: 'sam',
          prefill: {
            commitments: 'Dashboards in Chinese',
            requirements: expect.stringContaining('(met: https://status.example/acme)'),
          },
          source: { playbook: 'poc-trial', id: pocWorkflowId('acme', 'OPP-WON') },
        },
      },
    });

    const lost = await activeTrial('OPP-LOST');
    const noNote = await updateRejection(act(lost, { type: 'lose', reason: 'other' }, 'sam'));
    expect(noNote.message).toBe('A loss for reason "other" needs a note saying what it was');
    const unknown = await updateRejection(
      act(lost, { type: 'mark-criterion', criterionKey: 'speed', status: 'met', evidence: 'x' }, 'priya'),
    );
    expect(unknown.type).toBe('unknown-item');
    await act(lost, { type: 'lose', reason: 'price', note: 'budget halved' }, 'sam');
    expect(await lost.result()).toMatchObject({
      stage: 'lost',
      outcome: { lossReason: 'price', note: 'budget halved' },
    });
  });

  it('converts into deal support, which needs what sales ask for and by when', async () => {
    const trial = await activeTrial('OPP-DEAL');
    const missing = await updateRejection(act(trial, { type: 'convert', nextStep: 'deal-support' }, 'sam'));
    expect(missing).toMatchObject({
      type: 'invalid-transition',
      message: 'Converting into deal support needs dealSupport: the support types, the due date and the deal stage',
    });
    const past = await updateRejection(
      act(
        trial,
        {
          type: 'convert',
          nextStep: 'deal-support',
          dealSupport: { supportTypes: ['customer-visit'], dueDate: '2020-02-03', dealStage: 'negotiation' },
        },
        'sam',
      ),
    );
    expect(past).toMatchObject({
      type: 'invalid-date',
      message: 'Deal support cannot start like that: dealSupport.dueDate 2020-02-03 is in the past',
    });
    const bad = await updateRejection(
      act(
        trial,
        {
          type: 'convert',
          nextStep: 'deal-support',
          dealSupport: { supportTypes: [], dueDate: '2020-02-30', dealStage: ' ' },
        },
        'sam',
      ),
    );
    expect(bad).toMatchObject({
      type: 'invalid-transition',
      message:
        'Deal support cannot start like that: dealSupport.dealStage is required; dealSupport.dueDate must be a YYYY-MM-DD date, not "2020-02-30"; dealSupport.supportTypes needs at least one support type',
    });
    const dueDate = await serverDatePlusDays(harness.env, 5);
    await act(
      trial,
      {
        type: 'convert',
        nextStep: 'deal-support',
        dealSupport: {
          supportTypes: ['customer-visit', 'pricing-exception'],
          dueDate,
          dealStage: 'negotiation',
          competitors: ['rival-co'],
        },
      },
      'sam',
    );
    await trial.result();
    const deal = await startedChild(harness.env, dealWorkflowId('acme', 'OPP-DEAL'));
    expect(deal).toEqual({
      workflowType: 'dealSupport',
      input: {
        requestedBy: 'sam',
        source: { playbook: 'poc-trial', id: 'poc:acme:OPP-DEAL' },
        calendar: pocInput({ plannedStart: dueDate }).calendar,
        request: {
          account: 'acme',
          region: 'east',
          opportunity: { id: 'OPP-DEAL', amount: expect.any(Number), currency: 'CNY' },
          dealStage: 'negotiation',
          competitors: ['rival-co'],
          supportTypes: ['customer-visit', 'pricing-exception'],
          dueDate,
          salesOwner: 'sam',
          // The trial's industry and product travel with it, so the deal is counted under them (issue 21).
          profile: { industry: 'retail', products: ['Baton Analytics'] },
        },
      },
    });
  });

  it('answers a duplicate request with the trial already running', async () => {
    const first = await startTrial('OPP-DUP', 50_000);
    const again = await harness.env.client.workflow.start(pocTrial, {
      workflowId: pocWorkflowId('acme', 'OPP-DUP'),
      taskQueue: TASK_QUEUE,
      args: [pocInput({ opportunityId: 'OPP-DUP', plannedStart: await serverDatePlusDays(harness.env, 0) })],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    expect(again.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await act(first, { type: 'withdraw', reason: 'test over' }, 'sam');
    await first.result();
  });

  it('fails a request that breaks the rules, naming the fields', async () => {
    const input = pocInput({ opportunityId: 'OPP-BAD', plannedStart: await serverDatePlusDays(harness.env, 0) });
    input.request.durationDays = 0;
    const handle = await harness.env.client.workflow.start(pocTrial, {
      workflowId: pocWorkflowId('acme', 'OPP-BAD'),
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
      message: expect.stringContaining('request.durationDays must be a whole number of at least 1'),
    });
  });
});
