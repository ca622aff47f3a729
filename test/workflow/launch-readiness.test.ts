import type { WorkflowHandle } from '@temporalio/client';
import type { LaunchAction } from '../../domain/launch/actions';
import type { LaunchState, TimelineEventType } from '../../domain/launch/types';
import { getLaunchState, launchAction, launchReadiness } from '../../workflows/launch/launch-readiness';
import { launchInput } from '../helpers/launch-fixtures';
import {
  recordingActivities,
  serverDatePlusDays,
  timeSkippingWorker,
  WORKFLOW_TEST_QUEUE,
} from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';

const DAY = 86_400_000;

describe('launchReadiness on a pinned playbook template (time-skipping)', () => {
  const recorded = recordingActivities();
  const harness = timeSkippingWorker(recorded.activities);

  type Handle = WorkflowHandle<typeof launchReadiness>;

  async function startRun(launchId: string, launchInDays: number): Promise<Handle> {
    const input = launchInput({ launchId, launchDate: await serverDatePlusDays(harness.env, launchInDays) });
    return harness.env.client.workflow.start(launchReadiness, {
      workflowId: `launch:${launchId}`,
      taskQueue: WORKFLOW_TEST_QUEUE,
      args: [input],
    });
  }

  /** The action, then the run's state (an Update answers only a receipt since lean-launch-small-payloads). */
  const act = async (handle: Handle, action: LaunchAction, actor = 'olga') => {
    const answer = await handle.executeUpdate(launchAction, { args: [{ action, actor }] });
    expect(answer).toEqual({ receipt: true, seq: expect.any(Number) });
    return handle.query(getLaunchState);
  };

  const events = (state: LaunchState, type: TimelineEventType, itemKey?: string) =>
    state.timeline.filter((event) => event.type === type && (itemKey === undefined || event.itemKey === itemKey));

  const item = (state: LaunchState, key: string) => state.items.find((candidate) => candidate.key === key)!;

  /** Sleeps (virtually) until an hour past 00:00 UTC of day `day`, counting the day the run started as day 0. */
  async function sleepUntilDay(runStart: number, day: number): Promise<void> {
    const target = Math.floor(runStart / DAY) * DAY + day * DAY + 3_600_000;
    await harness.env.sleep(target - (await harness.env.currentTimeMs()));
  }

  it('fires reminders and escalations at their virtual times, each naming its cause, and none after completion', async () => {
    const runStart = await harness.env.currentTimeMs();
    const handle = await startRun('alarms', 20); // research due on day 10, battlecard on day 15
    let state = await handle.query(getLaunchState);
    expect(item(state, 'research')).toMatchObject({ status: 'ready', overdue: false, assignee: 'pat' });
    expect(item(state, 'battlecard')).toMatchObject({ status: 'blocked', waitingOn: ['research'] });
    expect(item(state, 'data-review')).toMatchObject({ status: 'blocked', waitingOn: ['gate:go'] });

    await sleepUntilDay(runStart, 6);
    state = await handle.query(getLaunchState);
    expect(events(state, 'item.reminder')).toHaveLength(0);

    await sleepUntilDay(runStart, 7); // day 7 = 3 days before research is due
    state = await handle.query(getLaunchState);
    const [reminder] = events(state, 'item.reminder', 'research');
    expect(reminder).toBeDefined();
    expect(reminder!.cause).toEqual({
      itemKey: 'research',
      itemTitle: 'Research',
      rule: 'reminder 3 calendar days before due',
      dueDate: item(state, 'research').dueDate,
      calendar: 'mon-fri',
      scheduledFor: `${await serverDatePlusDays(harness.env, 0)}T00:00:00.000Z`,
    });
    expect(reminder!.notify).toEqual({ role: 'product_manager', person: 'pat' });

    await sleepUntilDay(runStart, 13); // research due day 10: overdue day 11, escalation 1 day after due on day 12
    state = await handle.query(getLaunchState);
    expect(events(state, 'item.reminder', 'research')).toHaveLength(2);
    expect(item(state, 'research').overdue).toBe(true);
    expect(events(state, 'item.overdue', 'research')).toHaveLength(1);
    const escalations = events(state, 'item.escalation', 'research');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.notify).toEqual({ role: 'ops_manager', person: 'olga' });
    expect(escalations[0]!.cause!.rule).toBe(
      "escalation 1 calendar day after due to the owner's manager (ops_manager)",
    );

    // Completing it stops its remaining escalation (5 days after due) from ever firing.
    state = await act(handle, { type: 'complete', itemKey: 'research' }, 'pat');
    expect(item(state, 'research')).toMatchObject({ status: 'done', overdue: false, completedBy: 'pat' });
    expect(item(state, 'battlecard')).toMatchObject({ status: 'ready', waitingOn: [] });
    await harness.env.sleep(10 * DAY);
    state = await handle.query(getLaunchState);
    expect(events(state, 'item.escalation', 'research')).toHaveLength(1);
    // Battlecard (presales) escalates to the manager the template names for presales.
    const battlecardEscalations = events(state, 'item.escalation', 'battlecard');
    expect(battlecardEscalations.map((event) => event.notify?.role)).toEqual(['customer_success', 'ops_manager']);
    expect(recorded.deliveries).toContain('alarms');
    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
  });

  it('moves every due date and re-arms the timers when the launch date changes', async () => {
    const runStart = await harness.env.currentTimeMs();
    const handle = await startRun('reschedule', 20);
    const before = await handle.query(getLaunchState);
    const newDate = await serverDatePlusDays(harness.env, 40);
    let state = await act(handle, {
      type: 'change-launch-date',
      launchDate: newDate,
      reason: 'customer asked for later',
    });
    expect(state.launchDate).toBe(newDate);
    for (const key of ['research', 'battlecard', 'positioning', 'swag']) {
      expect(Date.parse(item(state, key).dueDate) - Date.parse(item(before, key).dueDate)).toBe(20 * DAY);
    }
    expect(state.gates[0]!.dueDate).toBe(await serverDatePlusDays(harness.env, 39));
    const [moved] = events(state, 'run.launch-date-changed');
    expect(moved!.before).toEqual({ launchDate: before.launchDate });

    // The old reminder day (7) passes quietly; the new one (27) fires.
    await sleepUntilDay(runStart, 8);
    state = await handle.query(getLaunchState);
    expect(events(state, 'item.reminder')).toHaveLength(0);
    await sleepUntilDay(runStart, 27);
    state = await handle.query(getLaunchState);
    expect(events(state, 'item.reminder', 'research').map((event) => event.cause!.dueDate)).toEqual([
      item(state, 'research').dueDate,
    ]);

    const past = await updateRejection(
      act(handle, { type: 'change-launch-date', launchDate: '2020-01-01', reason: 'oops' }),
    );
    expect(past.type).toBe('invalid-date');
    expect(past.message).toMatch(/in the past/);
    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
  });

  it('refuses go while a required item, or a sign-off, is open; go then opens the recurring stage', async () => {
    const handle = await startRun('gate', 30);
    const early = await updateRejection(act(handle, { type: 'decide', gateKey: 'go', outcome: 'go' }));
    expect(early.type).toBe('gate-not-ready');
    expect(early.message).toBe(
      'Gate "go" cannot pass yet; open items: research, battlecard, positioning; missing sign-offs: ops_manager',
    );

    await act(handle, { type: 'complete', itemKey: 'research' }, 'pat');
    const noEvidence = await updateRejection(act(handle, { type: 'complete', itemKey: 'battlecard' }, 'priya'));
    expect(noEvidence).toMatchObject({
      type: 'evidence-required',
      message: 'Item "battlecard" needs a link as evidence',
    });
    await act(
      handle,
      { type: 'complete', itemKey: 'battlecard', evidence: { link: 'https://wiki.example/battlecard' } },
      'priya',
    );

    // An item that needs sign-off is not done until its signer signs.
    let state = await act(handle, { type: 'complete', itemKey: 'positioning' }, 'pat');
    expect(item(state, 'positioning')).toMatchObject({ status: 'in_progress', awaitingSignOff: true });
    const wrongRole = await updateRejection(
      act(handle, { type: 'sign-off-item', itemKey: 'positioning', role: 'presales' }),
    );
    expect(wrongRole.message).toBe('Item "positioning" is signed off by ops_manager, not presales');
    await act(handle, { type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' });

    const unsigned = await updateRejection(act(handle, { type: 'decide', gateKey: 'go', outcome: 'go' }));
    expect(unsigned.message).toBe('Gate "go" cannot pass yet; missing sign-offs: ops_manager');
    await act(handle, { type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' });
    state = await act(handle, { type: 'decide', gateKey: 'go', outcome: 'go' });
    expect(state.status).toBe('launched');
    expect(item(state, 'data-review')).toMatchObject({ status: 'ready', waitingOn: [] });

    state = await act(handle, { type: 'complete', itemKey: 'data-review' });
    const next = item(state, 'data-review--2');
    expect(next).toMatchObject({ status: 'ready', occurrence: 2, title: 'Data review #2' });
    expect(Date.parse(next.dueDate) - Date.parse(item(state, 'data-review').dueDate)).toBe(30 * DAY);

    const closed = await act(handle, { type: 'close', reason: 'steady state' });
    expect(closed.status).toBe('closed');
    expect(await handle.result()).toMatchObject({ status: 'closed' });
  });

  it('records a no-go with its reasons and new launch date, and withdraws the sign-offs', async () => {
    const handle = await startRun('no-go', 30);
    await act(handle, { type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' });
    const noReasons = await updateRejection(
      act(handle, {
        type: 'decide',
        gateKey: 'go',
        outcome: 'no-go',
        newLaunchDate: await serverDatePlusDays(harness.env, 60),
      }),
    );
    expect(noReasons.message).toBe('A no-go decision needs its reasons');
    const state = await act(handle, {
      type: 'decide',
      gateKey: 'go',
      outcome: 'no-go',
      reasons: 'pricing not approved',
      newLaunchDate: await serverDatePlusDays(harness.env, 60),
    });
    expect(state).toMatchObject({ status: 'active', launchDate: await serverDatePlusDays(harness.env, 60) });
    expect(state.gates[0]).toMatchObject({ signedOff: [] });
    expect(state.gates[0]!.decision).toBeUndefined();
    expect(events(state, 'gate.no-go')[0]!.summary).toMatch(/pricing not approved/);
    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
  });

  it('reopening a done item blocks its open dependants again and withdraws gate sign-offs', async () => {
    const handle = await startRun('reopen', 30);
    await act(handle, { type: 'complete', itemKey: 'research' }, 'pat');
    await act(handle, { type: 'start', itemKey: 'battlecard' }, 'priya');
    await act(handle, { type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' });
    const reopenOpen = await updateRejection(act(handle, { type: 'reopen', itemKey: 'battlecard', reason: 'x' }));
    expect(reopenOpen.message).toBe('Item "battlecard" is in progress, not done or skipped');

    let state = await act(
      handle,
      { type: 'reopen', itemKey: 'research', reason: 'interviews were with the wrong segment' },
      'olga',
    );
    expect(item(state, 'research')).toMatchObject({ status: 'ready', reopenCount: 1 });
    expect(item(state, 'battlecard')).toMatchObject({ status: 'blocked', waitingOn: ['research'] });
    expect(state.gates[0]!.signedOff).toEqual([]);
    expect(events(state, 'item.reopened')[0]!.after).toMatchObject({ reblocked: ['battlecard'] });
    const blockedStart = await updateRejection(
      act(handle, { type: 'complete', itemKey: 'battlecard', evidence: { link: 'https://x.example' } }),
    );
    expect(blockedStart.message).toBe('Item "battlecard" is waiting on "research"');

    // Done again: the started dependant goes back to in progress.
    state = await act(handle, { type: 'complete', itemKey: 'research' }, 'pat');
    expect(item(state, 'battlecard').status).toBe('in_progress');
    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
  });

  it('skips only optional items, with a reason, and assigns and comments on the timeline', async () => {
    const handle = await startRun('skip', 30);
    const required = await updateRejection(act(handle, { type: 'skip', itemKey: 'research', reason: 'no time' }));
    expect(required.message).toBe('Item "research" is required and cannot be skipped');
    let state = await act(handle, { type: 'skip', itemKey: 'swag', reason: 'budget cut' });
    expect(item(state, 'swag')).toMatchObject({ status: 'skipped', skipReason: 'budget cut' });
    state = await act(handle, { type: 'assign', itemKey: 'research', assignee: 'quinn' });
    expect(item(state, 'research').assignee).toBe('quinn');
    state = await act(handle, { type: 'comment', itemKey: 'research', text: 'Interviews booked' });
    expect(events(state, 'item.assigned')[0]).toMatchObject({
      actor: 'olga',
      before: { assignee: 'pat' },
      after: { assignee: 'quinn' },
    });
    expect(events(state, 'item.commented')[0]!.summary).toBe('olga on "Research": Interviews booked');
    const unknown = await updateRejection(act(handle, { type: 'start', itemKey: 'nope' }));
    expect(unknown).toMatchObject({ type: 'unknown-item', message: 'Launch skip has no checklist item "nope"' });
    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
  });

  it('checks the caller’s item rights (sent by the API) against the live item: its owner role, assignee and sign-off role', async () => {
    const handle = await startRun('rights', 20);
    const as = async (action: LaunchAction, actor: string, roles: string[]) => {
      await handle.executeUpdate(launchAction, { args: [{ action, actor, caller: { roles } }] });
      return handle.query(getLaunchState);
    };
    const refused = await updateRejection(as({ type: 'start', itemKey: 'research' }, 'quinn', ['presales']));
    expect(refused).toMatchObject({
      type: 'forbidden',
      message: 'Item "research" is owned by product_manager and assigned to pat; you may not start it',
    });
    expect(await updateRejection(as({ type: 'start', itemKey: 'nope' }, 'quinn', ['presales']))).toMatchObject({
      type: 'unknown-item',
      message: 'Launch rights has no checklist item "nope"',
    });
    // Anyone who may act on the run may comment on any item.
    await as({ type: 'comment', itemKey: 'research', text: 'Can I help?' }, 'quinn', ['presales']);
    // The reassignment counts at once: the new assignee may work on it right after, without the owner role.
    await as({ type: 'assign', itemKey: 'research', assignee: 'quinn' }, 'olga', ['ops_manager']);
    let state = await as({ type: 'start', itemKey: 'research' }, 'quinn', ['presales']);
    expect(item(state, 'research')).toMatchObject({ status: 'in_progress', assignee: 'quinn' });
    state = await as({ type: 'complete', itemKey: 'positioning', evidence: { note: 'done' } }, 'pat', [
      'product_manager',
    ]);
    expect(item(state, 'positioning').awaitingSignOff).toBe(true);
    expect(
      await updateRejection(
        as({ type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' }, 'pat', ['product_manager']),
      ),
    ).toMatchObject({
      type: 'forbidden',
      message: 'Item "positioning" is signed off by ops_manager; you do not hold that role',
    });
    await as({ type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' }, 'olga', ['ops_manager']);
    await act(handle, { type: 'cancel', reason: 'test over' });
    await handle.result();
  });

  it('cancelling stops every timer and ends the run; later actions are refused', async () => {
    const handle = await startRun('cancel', 20);
    const state = await act(handle, { type: 'cancel', reason: 'product shelved' });
    expect(state).toMatchObject({ status: 'cancelled', statusReason: 'product shelved' });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'cancelled' });
    const history = await handle.fetchHistory();
    const started = history.events?.filter((event) => event.timerStartedEventAttributes).length ?? 0;
    const finished =
      history.events?.filter((event) => event.timerFiredEventAttributes || event.timerCanceledEventAttributes).length ??
      0;
    expect(finished).toBe(started);
    const projections = recorded.runProjections.filter((projection) => projection.launchId === 'cancel');
    expect(projections.at(-1)).toMatchObject({ status: 'cancelled', seq: state.seq });
  });

  it('projects every change in order with each event exactly once, and rejects stale versions', async () => {
    const handle = await startRun('ordering', 30);
    const first = await handle.query(getLaunchState);
    await act(handle, { type: 'complete', itemKey: 'research' }, 'pat');
    const stale = await updateRejection(
      handle.executeUpdate(launchAction, {
        args: [{ action: { type: 'start', itemKey: 'battlecard' }, actor: 'priya', expectedSeq: first.seq }],
      }),
    );
    expect(stale.type).toBe('stale-version');
    await act(handle, { type: 'start', itemKey: 'battlecard' }, 'priya');
    await act(handle, { type: 'cancel', reason: 'done testing' });
    await handle.result();
    const projections = recorded.runProjections.filter((projection) => projection.launchId === 'ordering');
    const seqs = projections.map((projection) => projection.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const projected = projections.flatMap((projection) => projection.events.map((event) => event.n));
    expect(projected).toEqual(projected.map((_, index) => index + 1));
    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(3);
  });

  it('tells of each item already overdue when a run starts once, at once, and never again', async () => {
    // Launching in 5 days: every item due more than 5 days before the launch is overdue from the start.
    const handle = await startRun('late-start', 5);
    const started = await handle.query(getLaunchState);
    const today = new Date(await harness.env.currentTimeMs()).toISOString().slice(0, 10);
    const overdueAtStart = started.items
      .filter((candidate) => candidate.dueDate < today)
      .map((candidate) => candidate.key);
    expect(overdueAtStart.length).toBeGreaterThan(1);
    await harness.env.sleep(3 * DAY);
    await act(handle, { type: 'cancel', reason: 'done testing' });
    await handle.result();
    const projections = recorded.runProjections.filter((projection) => projection.launchId === 'late-start');
    const overdueEvents = projections.flatMap((projection) =>
      projection.events.filter((event) => event.type === 'item.overdue').map((event) => event.itemKey),
    );
    // One each; items falling due during the three days add their own, once.
    expect(new Set(overdueEvents).size).toBe(overdueEvents.length);
    expect(overdueEvents).toEqual(expect.arrayContaining(overdueAtStart));
    // ...told at once, not after a day's timer.
    const toldAt = projections
      .flatMap((projection) => projection.events)
      .filter((event) => event.type === 'item.overdue' && overdueAtStart.includes(event.itemKey!))
      .map((event) => Date.parse(event.at));
    expect(Math.max(...toldAt) - Date.parse(started.startedAt)).toBeLessThan(60_000);
  });
});
