import { authorizedRequest, eventually } from '../helpers/baton-harness';
import { apiWithWorkerProcesses } from '../helpers/worker-processes';

describe('a worker process killed mid-run', () => {
  const stack = apiWithWorkerProcesses();

  const request = (method: string, path: string, body?: unknown) =>
    authorizedRequest(stack.api.apiUrl!, method, path, body);

  it('continues the run after a restart, including an action sent while no worker was up', async () => {
    const first = await stack.startWorker();
    const items = ['a', 'b', 'c'].map((key, index) => ({
      key,
      title: key.toUpperCase(),
      phase: 'only',
      ownerRole: 'ops_manager',
      due: { days: index - 3 },
    }));
    const template = {
      key: 'survival',
      name: 'Survival',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items,
    };
    expect((await request('POST', '/api/templates/survival/versions', template)).status).toBe(201);
    const started = await request('POST', '/api/launches', {
      launchId: 'survivor',
      productName: 'Survivor',
      launchDate: '2030-01-01',
      template: { key: 'survival' },
    });
    expect(started.status).toBe(201);
    expect((await request('POST', '/api/launches/survivor/items/a/complete', {})).status).toBe(200);

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    let settled = false;
    const whileDown = request('POST', '/api/launches/survivor/items/b/complete', {}).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(settled).toBe(false);

    await stack.startWorker();
    const afterRestart = await whileDown;
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body.items.map((item: { key: string; status: string }) => [item.key, item.status])).toEqual([
      ['a', 'done'],
      ['b', 'done'],
      ['c', 'ready'],
    ]);
    expect(afterRestart.body.items[0].completedBy).toBe('olivia@hq.example');

    expect((await request('POST', '/api/launches/survivor/items/c/complete', {})).status).toBe(200);
    const cancelled = await request('POST', '/api/launches/survivor/cancel', { reason: 'survived' });
    expect(cancelled.body.status).toBe('cancelled');
    const listed = await eventually(
      () =>
        request('GET', '/api/launches').then((response) =>
          response.body.items.find((row: { launchId: string }) => row.launchId === 'survivor'),
        ),
      (row) => row?.status === 'cancelled',
      // A projection lost with the killed worker is retried after its 10 s start-to-close timeout.
      30_000,
    );
    expect(listed).toMatchObject({ itemsDone: 3, itemsTotal: 3 });
  });
});
