import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { freePort } from '../../runtime/free-port';
import { TEST_TASK_QUEUE, eventually, startBatonStack, type BatonStack } from '../helpers/baton-harness';
import { spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { parsePrometheus, type ParsedMetrics } from '../helpers/prometheus';
import { workflowBundlePath } from '../helpers/test-env';

// The API in process, and the worker as its own process (as deployed), so its /metrics carries the
// SDK's runtime metrics from Temporal's Core next to Baton's own; both texts go through a real parser.
describe('Prometheus metrics of the API and the worker', () => {
  let stack: BatonStack;
  let worker: ChildProcessWithoutNullStreams;
  let workerUrl: string;

  beforeAll(async () => {
    stack = await startBatonStack('postgres', { runWorker: false, api: { failedAuthPerMinute: 10 } });
    const port = await freePort();
    worker = spawnEntryPoint('worker.ts', {
      TEMPORAL_ADDRESS: stack.temporal.address,
      DATABASE_URL: stack.database.url,
      TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      WORKER_HTTP_PORT: String(port),
      WORKER_HTTP_HOST: '127.0.0.1',
    });
    await waitForOutput(worker, 'worker polling');
    workerUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await stack?.stop();
  });

  async function scrape(url: string): Promise<ParsedMetrics> {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await response.text());
  }

  it('counts requests by route and status, Idempotency-Key replays and rate-limited requests', async () => {
    const template = {
      key: 'metered',
      name: 'Metered',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: [{ key: 'a', title: 'A', phase: 'only', ownerRole: 'ops_manager', due: { days: -1 } }],
    };
    expect((await stack.request('POST', '/api/templates/metered/versions', template)).status).toBe(201);
    const start = {
      launchId: 'metered',
      productName: 'Metered',
      launchDate: '2030-01-01',
      template: { key: 'metered' },
    };
    expect((await stack.request('POST', '/api/launches', start)).status).toBe(201);
    const complete = () =>
      stack.request('POST', '/api/launches/metered/items/a/complete', {}, { headers: { 'idempotency-key': 'once' } });
    expect((await complete()).status).toBe(200);
    const again = await complete();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    let limited = 0;
    for (let i = 0; i < 15 && limited === 0; i += 1) {
      const response = await stack.request('GET', '/api/launches', undefined, { as: `junk-token-${i}` });
      if (response.status === 429) limited += 1;
    }
    expect(limited).toBe(1);

    const metrics = await scrape(stack.apiUrl);
    const route = '/api/launches/:id/items/:key/complete';
    expect(metrics.families.get('baton_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(metrics.histogramCount('baton_http_request_duration_seconds', { route, status: '200' })).toBe(2);
    expect(
      metrics.histogramCount('baton_http_request_duration_seconds', { route: '/api/launches', status: '201' }),
    ).toBe(1);
    expect(metrics.value('baton_idempotency_replays_total', { route })).toBe(1);
    expect(metrics.value('baton_rate_limited_requests_total', { route: '/api/launches' })).toBe(1);
    // The raw URL never becomes a label: one series per route pattern, whatever the ids.
    expect(
      metrics.histogramCount('baton_http_request_duration_seconds', {
        route: '/api/launches/metered/items/a/complete',
      }),
    ).toBeNaN();
    expect(metrics.families.get('baton_process_resident_memory_bytes')?.type).toBe('GAUGE');
  });

  it("serves the worker's projection lag, outbox backlog, health and the SDK's runtime metrics", async () => {
    const health = await eventually(
      () =>
        fetch(`${workerUrl}/healthz`).then(async (response) => ({
          status: response.status,
          body: await response.json(),
        })),
      (answer) => answer.body.lastProjectionAt !== null,
    );
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', polling: true } });

    const metrics = await scrape(workerUrl);
    expect(metrics.histogramCount('baton_projection_lag_seconds', { activity: 'projectRun' })).toBeGreaterThan(0);
    expect(metrics.families.get('baton_outbox_pending')?.type).toBe('GAUGE');
    expect(metrics.families.get('baton_outbox_failing')?.type).toBe('GAUGE');
    expect(metrics.value('baton_worker_polling')).toBe(1);
    // Temporal's Core: worker task slots and workflow task latencies, for this task queue.
    expect(metrics.value('temporal_worker_task_slots_available', { task_queue: TEST_TASK_QUEUE })).toBeGreaterThan(0);
    expect(metrics.families.get('temporal_workflow_task_execution_latency')?.type).toBe('HISTOGRAM');
  });
});
