import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { LegacyLaunchInput, LegacyLaunchSummary } from '../../domain/launch/legacy-checklist';
import { completeLaunchItem, getLegacyChecklistState, launchReadiness } from '../../workflows/launch/launch-readiness';
import {
  WORKFLOW_TEST_QUEUE,
  createTestWorker,
  recordingActivities,
  serverDatePlusDays,
  startTimeSkippingEnvironment,
} from '../helpers/time-skipping';

describe('launchReadiness, runs of the first fixed checklist (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let projections: LegacyLaunchSummary[];
  let workerRun: Promise<void>;

  beforeAll(async () => {
    env = await startTimeSkippingEnvironment();
    const recording = recordingActivities();
    projections = recording.projections;
    worker = await createTestWorker(env, recording.activities);
    workerRun = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
  });

  beforeEach(() => {
    projections.length = 0;
  });

  async function startLaunch(launchId: string, launchInDays: number, offsets: number[]) {
    const input: LegacyLaunchInput = {
      launchId,
      productName: `Product ${launchId}`,
      launchDate: await serverDatePlusDays(env, launchInDays),
      items: offsets.map((dueOffsetDays, index) => ({
        key: `item-${index}`,
        title: `Item ${index}`,
        ownerRole: 'ops_manager',
        dueOffsetDays,
      })),
    };
    return env.client.workflow.start(launchReadiness, {
      workflowId: `launch:${launchId}`,
      taskQueue: WORKFLOW_TEST_QUEUE,
      args: [input],
    });
  }

  it('flags an item overdue when its due date passes, without waiting real time', async () => {
    const handle = await startLaunch('timers', 10, [-5, 1]);
    let state = await handle.query(getLegacyChecklistState);
    expect(state.items.map((item) => item.overdue)).toEqual([false, false]);

    const realStart = Date.now();
    await env.sleep('6 days');
    state = await handle.query(getLegacyChecklistState);
    expect(state.items.map((item) => item.overdue)).toEqual([true, false]);
    expect(Date.now() - realStart).toBeLessThan(30_000);
    expect(projections.at(-1)).toMatchObject({ itemsOverdue: 1, itemsDone: 0, seq: state.seq });

    // Completing an overdue item clears the flag; the second item falls due later.
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'item-0', completedBy: 'alice' }] });
    await env.sleep('6 days');
    state = await handle.query(getLegacyChecklistState);
    expect(state.items.map((item) => [item.status, item.overdue])).toEqual([
      ['done', false],
      ['open', true],
    ]);

    const final = await handle.executeUpdate(completeLaunchItem, {
      args: [{ itemKey: 'item-1', completedBy: 'bob', note: 'late but done' }],
    });
    expect(final.status).toBe('ready');
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'ready', itemsDone: 2, itemsOverdue: 0 });
    expect(projections.at(-1)).toEqual(result);
  });

  it('projects every change in order, each with a higher sequence number', async () => {
    const handle = await startLaunch('ordering', 30, [-20, -10, -1]);
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'item-1', completedBy: 'carol' }] });
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'item-0', completedBy: 'carol' }] });
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'item-2', completedBy: 'carol' }] });
    await handle.result();
    const seqs = projections.map((summary) => summary.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(projections.at(-1)).toMatchObject({ status: 'ready', itemsDone: 3 });
  });

  it('rejects an unknown or already-completed item in the validator, leaving no trace in history', async () => {
    const handle = await startLaunch('rejections', 30, [-20, -10]);
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'item-0', completedBy: 'dave' }] });
    const before = await handle.query(getLegacyChecklistState);

    const unknown = await handle
      .executeUpdate(completeLaunchItem, { args: [{ itemKey: 'nope', completedBy: 'dave' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((unknown as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect(((unknown as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('unknown-item');

    const twice = await handle
      .executeUpdate(completeLaunchItem, { args: [{ itemKey: 'item-0', completedBy: 'erin' }] })
      .catch((error: unknown) => error);
    expect(((twice as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('invalid-transition');
    expect(((twice as WorkflowUpdateFailedError).cause as ApplicationFailure).message).toMatch(
      /already completed by dave/,
    );

    expect(await handle.query(getLegacyChecklistState)).toEqual(before);
    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(1);
  });
});
