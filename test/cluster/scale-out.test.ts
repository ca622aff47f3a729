import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { launchWorkflowId } from '../../domain/launch/projection';
import { freePort } from '../../runtime/free-port';
import {
  TEST_JWT_SECRET,
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  eventually,
  type ApiResponse,
  type TestDatabase,
} from '../helpers/baton-harness';
import { spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { startRealCluster, type RealCluster } from '../helpers/real-cluster';
import {
  postgresAdminUrl,
  temporalCliExecutable,
  temporalServerInstall,
  workflowBundlePath,
} from '../helpers/test-env';

/**
 * Baton scaled out as in production, on a real Temporal server with Postgres persistence and SQL
 * visibility: two worker processes and two API replicas, load spread over both replicas, one worker
 * and one replica SIGKILLed while the load runs, then a rolling restart of workers and replicas onto
 * a new build. Every acknowledged action must be applied exactly once, and the read model must equal
 * the workflows.
 */

const ITEMS = ['a', 'b', 'c', 'd'];
/** Bounds on the load, which otherwise runs until the choreography of kills and restarts is over. */
const MIN_LAUNCHES = 12;
const MAX_LAUNCHES = 150;
const CLIENTS = 3;
/** A pause between one client's actions, so the load lasts while processes start and stop. */
const THINK_MS = 120;
/** How long one action keeps being retried (on another replica, under the same Idempotency-Key). */
const ACTION_DEADLINE_MS = 90_000;

interface Replica {
  name: string;
  url: string;
  process: ChildProcessWithoutNullStreams;
}

interface Counts {
  actions: number;
  acknowledged: number;
  retried: number;
  kills: number;
  restarts: number;
  byReplica: Record<string, number>;
}

describe('Baton on a real Temporal cluster', () => {
  let cluster: RealCluster;
  let database: TestDatabase;
  let client: Client;
  let buildDir: string;
  const started: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    cluster = await startRealCluster({
      install: temporalServerInstall(),
      cliPath: cliPath(),
      postgresAdminUrl: postgresAdminUrl(),
    });
    database = await createTestDatabase('postgres');
    client = new Client({ connection: await Connection.connect({ address: cluster.address }) });
    // The "new build" the rolling restart moves to: the workflow code bundled afresh.
    buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-build-'));
  });

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client?.connection.close();
    await database?.drop();
    await cluster?.stop();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  const commonEnv = () => ({
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
  });

  async function startWorker(bundle: string): Promise<ChildProcessWithoutNullStreams> {
    const worker = spawnEntryPoint('worker.ts', { ...commonEnv(), WORKFLOW_BUNDLE_PATH: bundle });
    started.push(worker);
    await waitForOutput(worker, 'worker polling', 120_000);
    return worker;
  }

  async function startApi(name: string): Promise<Replica> {
    const port = await freePort();
    const api = spawnEntryPoint('api.ts', {
      ...commonEnv(),
      PORT: String(port),
      API_HOST: '127.0.0.1',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    started.push(api);
    await waitForOutput(api, 'API listening', 120_000);
    return { name, url: `http://127.0.0.1:${port}`, process: api };
  }

  async function stopGracefully(child: ChildProcessWithoutNullStreams): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async function kill(child: ChildProcessWithoutNullStreams): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('applies every acknowledged action once through kills and a rolling restart, and the read model matches', async () => {
    let workers = [await startWorker(workflowBundlePath()), await startWorker(workflowBundlePath())];
    const firstWorkerPids = workers.map((worker) => worker.pid);
    // The load balancer's rotation: requests go round-robin over it; a replica leaves it only when
    // replaced, so requests keep reaching a killed one until then and must be retried elsewhere.
    const rotation: Replica[] = [await startApi('api-1'), await startApi('api-2')];
    let turn = 0;
    const counts: Counts = { actions: 0, acknowledged: 0, retried: 0, kills: 0, restarts: 0, byReplica: {} };

    async function act(method: string, urlPath: string, body: unknown, key: string): Promise<ApiResponse> {
      counts.actions += 1;
      const deadline = Date.now() + ACTION_DEADLINE_MS;
      for (let attempt = 0; ; attempt += 1) {
        const replica = rotation[turn++ % rotation.length]!;
        const response = await authorizedRequest(replica.url, method, urlPath, body, {
          headers: { 'idempotency-key': key },
        }).catch((error: unknown) => ({ status: 0, body: String(error) }) as unknown as ApiResponse);
        // 2xx and 4xx are answers; a refused connection, a 5xx or a 409 for a key still in flight are not.
        const inFlight = response.status === 409 && /Idempotency-Key/i.test(JSON.stringify(response.body));
        if (response.status >= 200 && response.status < 500 && !inFlight) {
          if (response.status < 300) {
            counts.acknowledged += 1;
            counts.byReplica[replica.name] = (counts.byReplica[replica.name] ?? 0) + 1;
          }
          return response;
        }
        if (Date.now() > deadline) throw new Error(`${method} ${urlPath} unanswered: ${JSON.stringify(response.body)}`);
        counts.retried += attempt === 0 ? 1 : 0;
        await sleep(300);
      }
    }

    const template = {
      key: 'scale-out',
      name: 'Scale out',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: ITEMS.map((key) => ({
        key,
        title: key.toUpperCase(),
        phase: 'only',
        ownerRole: 'ops_manager',
        due: { days: -1 },
      })),
    };
    expect((await act('POST', '/api/templates/scale-out/versions', template, 'template')).status).toBe(201);

    // Acknowledged actions, by launch: started, and the items whose completion was answered 200.
    const acknowledged = new Map<string, Set<string>>();
    let choreographyDone = false;
    let nextLaunch = 0;
    const client_ = async () => {
      while ((!choreographyDone || nextLaunch < MIN_LAUNCHES) && nextLaunch < MAX_LAUNCHES) {
        const launchId = `scale-${String(nextLaunch++).padStart(3, '0')}`;
        const start = await act(
          'POST',
          '/api/launches',
          { launchId, productName: launchId, launchDate: '2030-01-01', template: { key: 'scale-out' } },
          `${launchId}:start`,
        );
        // A start whose first answer died with its replica is answered 200 on retry: the run exists with the same details.
        expect([200, 201]).toContain(start.status);
        acknowledged.set(launchId, new Set());
        for (const item of ITEMS) {
          await sleep(THINK_MS);
          const done = await act('POST', `/api/launches/${launchId}/items/${item}/complete`, {}, `${launchId}:${item}`);
          expect(done.status).toBe(200);
          acknowledged.get(launchId)!.add(item);
        }
      }
    };
    const waitForActions = async (count: number) => {
      while (counts.acknowledged < count) await sleep(100);
    };

    const choreography = async () => {
      await waitForActions(15);
      // A worker and an API replica die mid-load, with requests and tasks in flight.
      await Promise.all([kill(workers[0]!), kill(rotation[0]!.process)]);
      counts.kills += 2;
      await waitForActions(counts.acknowledged + 15);
      // The orchestrator brings replacements (the same build).
      const replacementApi = await startApi('api-1b');
      rotation.splice(0, 1, replacementApi);
      workers = [workers[1]!, await startWorker(workflowBundlePath())];
      counts.restarts += 2;
      await waitForActions(counts.acknowledged + 15);

      // Rolling restart onto a new build: one process at a time, a new one up before the old one goes.
      const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
      const newBundle = path.join(buildDir, 'workflow-bundle.js');
      fs.writeFileSync(newBundle, code);
      for (let index = 0; index < workers.length; index += 1) {
        const old = workers[index]!;
        workers[index] = await startWorker(newBundle);
        await stopGracefully(old);
        counts.restarts += 1;
      }
      for (let index = 0; index < rotation.length; index += 1) {
        const old = rotation[index]!;
        rotation[index] = await startApi(`${old.name}-new`);
        await stopGracefully(old.process);
        counts.restarts += 1;
      }
      await waitForActions(counts.acknowledged + 10);
      choreographyDone = true;
    };

    await Promise.all([choreography(), ...Array.from({ length: CLIENTS }, () => client_())]);

    // The read model equals the workflows: each run listed with the items its workflow holds done.
    const launches = [...acknowledged.keys()];
    let lost = 0;
    let duplicated = 0;
    const workerIdentities = new Set<string>();
    for (const launchId of launches) {
      const live = await authorizedRequest(rotation[0]!.url, 'GET', `/api/launches/${launchId}`);
      expect(live.status).toBe(200);
      const done = new Set<string>(
        live.body.items
          .filter((item: { status: string }) => item.status === 'done')
          .map((item: { key: string }) => item.key),
      );
      // Every acknowledged completion is in its workflow.
      for (const item of acknowledged.get(launchId)!) if (!done.has(item)) lost += 1;
      await eventually(
        () => authorizedRequest(rotation[1]!.url, 'GET', `/api/launches?limit=200`),
        (page) =>
          page.body.items.some(
            (row: { launchId: string; itemsDone: number }) => row.launchId === launchId && row.itemsDone === done.size,
          ),
        60_000,
      );
      // ... and applied once: the run's own record (its timeline, in the read model) has one completion per item.
      const perItem = new Map<string, number>();
      for (const event of await readTimeline(rotation[1]!.url, launchId)) {
        if (event.type === 'item.completed') perItem.set(event.itemKey!, (perItem.get(event.itemKey!) ?? 0) + 1);
      }
      expect([...perItem.keys()].sort()).toEqual([...done].sort());
      for (const count of perItem.values()) duplicated += count - 1;
      for (const event of (await client.workflow.getHandle(launchWorkflowId(launchId)).fetchHistory()).events ?? []) {
        const identity = event.workflowTaskCompletedEventAttributes?.identity;
        if (identity) workerIdentities.add(identity);
      }
    }

    const summary =
      `real cluster: ${counts.actions} actions (${counts.acknowledged} acknowledged, ${counts.retried} retried on another replica) ` +
      `over ${launches.length} launch runs; replicas ${JSON.stringify(counts.byReplica)}; ` +
      `${counts.kills} SIGKILLs, ${counts.restarts} restarts; lost ${lost}, duplicated ${duplicated}`;
    process.stdout.write(`${summary}\n`);

    expect(counts.kills).toBe(2);
    expect(counts.restarts).toBe(6);
    expect(counts.byReplica['api-1']).toBeGreaterThan(0);
    expect(counts.byReplica['api-2']).toBeGreaterThan(0);
    // Both first workers ran workflow tasks (identity is pid@host).
    for (const pid of firstWorkerPids) expect([...workerIdentities].some((id) => id.startsWith(`${pid}@`))).toBe(true);
    expect(counts.acknowledged).toBe(counts.actions);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
  });
});

interface TimelineEntry {
  type: string;
  itemKey?: string | null;
  n: number;
}

async function readTimeline(apiUrl: string, launchId: string): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const page: ApiResponse = await authorizedRequest(
      apiUrl,
      'GET',
      `/api/launches/${launchId}/timeline?limit=200&after=${after}`,
    );
    expect(page.status).toBe(200);
    entries.push(...(page.body.items as TimelineEntry[]));
    after = page.body.nextAfter as number | null;
  }
  return entries;
}

function cliPath(): string {
  const executable = temporalCliExecutable();
  if (executable.type !== 'existing-path')
    throw new Error('the real-cluster suite needs the Temporal CLI on this machine');
  return executable.path;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const ignore = () => undefined;
const quiet = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: console.error, log: ignore };
