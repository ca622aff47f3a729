import type { Client } from '@temporalio/client';
import { toProblem } from '../../api/http/error-handler';
import { NoWorkerPolling, WorkerPresence } from '../../api/http/worker-presence';

/** A client whose DescribeTaskQueue answers with pollers last seen `ages` seconds before `now`. */
function fakeClient(answers: () => Promise<number[]>, now: () => number) {
  const calls: unknown[] = [];
  const deadlines: number[] = [];
  const client = {
    options: { namespace: 'default' },
    withDeadline<R>(deadline: number, fn: () => Promise<R>) {
      deadlines.push(deadline);
      return fn();
    },
    workflowService: {
      async describeTaskQueue(request: unknown) {
        calls.push(request);
        const ages = await answers();
        return { pollers: ages.map((age) => ({ lastAccessTime: { seconds: Math.floor(now() / 1000) - age } })) };
      },
    },
  } as unknown as Client;
  return { client, calls, deadlines };
}

describe('WorkerPresence', () => {
  let clock = 1_800_000_000_000;
  const now = () => clock;

  it('sees a worker that polled recently, and none in an empty or stale poller list', async () => {
    let ages: number[] = [5];
    const { client } = fakeClient(async () => ages, now);
    const presence = new WorkerPresence(client, 'baton', now);
    expect(await presence.polled()).toBe(true);
    ages = [];
    clock += 10_000;
    expect(await presence.polled()).toBe(false);
    ages = [300];
    clock += 10_000;
    expect(await presence.polled()).toBe(false);
  });

  it('asks Temporal once per few seconds, for the workflow task queue of its namespace', async () => {
    const { client, calls } = fakeClient(async () => [1], now);
    const presence = new WorkerPresence(client, 'baton', now);
    await Promise.all([presence.polled(), presence.polled(), presence.require()]);
    expect(calls).toEqual([{ namespace: 'default', taskQueue: { name: 'baton', kind: 1 }, taskQueueType: 1 }]);
    clock += 10_000;
    await presence.polled();
    expect(calls).toHaveLength(2);
  });

  it('gives Temporal a few seconds to answer, so an outage fails requests soon', async () => {
    const { client, deadlines } = fakeClient(async () => [1], now);
    const before = Date.now();
    await new WorkerPresence(client, 'baton', now).polled();
    expect(deadlines).toEqual([expect.any(Number)]);
    const [deadline = 0] = deadlines;
    expect(deadline - before).toBeGreaterThan(0);
    expect(deadline - before).toBeLessThanOrEqual(5_000);
  });

  it('does not remember a failed question', async () => {
    let fail = true;
    const { client, calls } = fakeClient(async () => {
      if (fail) throw new Error('unavailable');
      return [1];
    }, now);
    const presence = new WorkerPresence(client, 'baton', now);
    await expect(presence.polled()).rejects.toThrow('unavailable');
    fail = false;
    expect(await presence.polled()).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('presumes a worker seen in the last 30 s is still there while Temporal answers the question too late', async () => {
    // Under a sustained 50 actions/s the dev server answered DescribeTaskQueue after the 3 s deadline, and every
    // action waiting on that question failed 503 although the worker was polling all along.
    let answer: 'pollers' | 'late' | 'down' = 'pollers';
    const late = Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded after 3.039s'), { code: 4 });
    const down = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const { client } = fakeClient(async () => {
      if (answer === 'late') throw late;
      if (answer === 'down') throw down;
      return [1];
    }, now);
    const presence = new WorkerPresence(client, 'baton', now);
    expect(await presence.polled()).toBe(true);
    answer = 'late';
    clock += 20_000;
    expect(await presence.polled()).toBe(true);
    // Temporal gone altogether still fails soon, and a worker last seen long ago is not presumed.
    answer = 'down';
    clock += 5_000;
    await expect(presence.polled()).rejects.toThrow('UNAVAILABLE');
    answer = 'late';
    clock += 30_000;
    await expect(presence.polled()).rejects.toThrow('DEADLINE_EXCEEDED');
  });

  it('refuses with NoWorkerPolling, which answers 503 with Retry-After naming the task queue', async () => {
    const { client } = fakeClient(async () => [], now);
    const error = await new WorkerPresence(client, 'baton', now).require().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NoWorkerPolling);
    const problem = toProblem(error);
    expect(problem.status).toBe(503);
    expect(problem.title).toBe('No worker');
    expect(problem.detail).toContain('baton');
    expect(problem.headers['Retry-After']).toMatch(/^\d+$/);
  });
});
