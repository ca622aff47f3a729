import { replayWorkflows } from '../../runtime/replay-check';
import { startBatonStack, type BatonStack } from '../helpers/baton-harness';
import { workflowBundlePath } from '../helpers/test-env';

/** What `npm run replay-check` does: replay each listed run's history against the current bundle, naming those that fail. */
describe('replaying workflow histories against the current code', () => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack('pglite');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('passes runs of the current code and names a run the code cannot replay', async () => {
    const started = await stack.request('POST', '/api/launches', {
      launchId: 'replays',
      productName: 'Replays',
      launchDate: '2030-03-01',
    });
    expect(started.status).toBe(201);
    const done = await stack.request(
      'POST',
      '/api/launches/replays/items/demand-research/complete',
      { link: 'https://wiki.example/r' },
      { headers: { 'Idempotency-Key': 'replay-check-1' } },
    );
    expect(done.status).toBe(200);
    const query = 'WorkflowId = "launch:replays"';

    const current = await replayWorkflows(
      stack.temporal.client,
      { workflowBundle: { codePath: workflowBundlePath() } },
      query,
    );
    expect(current).toEqual({ replayed: 1, failures: [] });

    const changed = await replayWorkflows(
      stack.temporal.client,
      { workflowsPath: require.resolve('../workflow/stand-ins/launch-changed-incompatibly') },
      query,
    );
    expect(changed).toEqual({
      replayed: 1,
      failures: [
        { workflowId: 'launch:replays', runId: expect.any(String), message: expect.stringMatching(/nondetermin/i) },
      ],
    });
  });
});
