/**
 * The chaos check: Baton's worker and API as separate processes on their own Temporal dev server
 * and a fresh Postgres database, clients driving launch runs with Idempotency-Keys (each request
 * retried with its key until it gets an answer), while the worker is SIGKILLed again and again and
 * the API too. Then it counts what must be zero: acknowledged actions lost or applied twice,
 * Idempotency-Keys left pending, read-model rows that differ from the workflow's state, and
 * histories the current code cannot replay.
 *
 *   TEST_POSTGRES_URL=postgresql://user:pw@host:5432/db npm run chaos
 *   (CHAOS_WORKER_KILLS=50 CHAOS_API_KILLS=20 CHAOS_CLIENTS=3 by default)
 *
 * Exit code 0 when every count that must be zero is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { SignJWT } from 'jose';
import pg from 'pg';
import { applyMigrations } from '../../db/migrate';
import { replayWorkflows } from '../../runtime/replay-check';
import { installTemporalRuntime } from '../../runtime/temporal';
import { ensureTemporalCli } from '../../toolchain/temporal-binaries';
import { getLaunchState } from '../../workflows/launch/messages';

const ROOT = path.resolve(__dirname, '../..');
const WORKER_KILLS = Number(process.env.CHAOS_WORKER_KILLS ?? 50);
const API_KILLS = Number(process.env.CHAOS_API_KILLS ?? 20);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 3);
/** Comments per launch run: each carries a unique marker, so its Update can be counted in the history. */
const ACTIONS_PER_RUN = 5;
const TASK_QUEUE = 'baton-chaos';
const JWT_SECRET = randomBytes(24).toString('hex');
const CALLER = 'chaos@hq.example';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);
const log = (message: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(): Promise<number> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('set TEST_POSTGRES_URL to a Postgres server where this role may CREATE DATABASE');
  const startedAt = Date.now();
  installTemporalRuntime('warn');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-chaos-'));
  log(`logs and bundle in ${work}`);

  const temporal = await TestWorkflowEnvironment.createLocal({
    server: { executable: await ensureTemporalCli(() => undefined) },
  });
  const database = `baton_chaos_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${database}`));
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await applyMigrations(databaseUrl);
    const bundlePath = path.join(work, 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
    fs.writeFileSync(bundlePath, code);

    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: databaseUrl,
      // The worker's metrics port: a free one, not 9464, which another process on the machine may hold.
      WORKER_HTTP_PORT: '0',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      AUTH_JWT_SECRET: JWT_SECRET,
      PORT: String(port),
      API_HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const worker = new Supervised('worker', 'bin/worker.ts', env, work, 'worker polling');
    const api = new Supervised('api', 'bin/api.ts', env, work, 'API listening');
    await Promise.all([worker.start(), api.start()]);

    const baseUrl = `http://127.0.0.1:${port}`;
    const token = await new SignJWT({ roles: ['ops_manager'], regions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(CALLER)
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const traffic = new Traffic(baseUrl, token);

    let killing = true;
    const progress = setInterval(
      () =>
        log(
          `worker kills ${worker.kills}, API kills ${api.kills}, runs ${traffic.runs.length}, acknowledged ${traffic.acknowledged.size}`,
        ),
      30_000,
    );
    const clients = Array.from({ length: CLIENTS }, (_, index) => traffic.client(index, () => killing));
    // Each victim gets a few seconds of work after it is up, then SIGKILL, then a fresh process.
    await Promise.all([
      worker.killRepeatedly(WORKER_KILLS, () => between(3_000, 8_000)),
      api.killRepeatedly(API_KILLS, () => between(5_000, 15_000)),
    ]);
    clearInterval(progress);
    killing = false;
    log(`kills done (worker ${worker.kills}, API ${api.kills}); letting the clients finish their runs`);
    await Promise.all(clients);

    const report = await verify(temporal.client, db, traffic, bundlePath);
    console.log('');
    console.log(`worker SIGKILLs                      ${worker.kills}`);
    console.log(`API SIGKILLs                         ${api.kills}`);
    console.log(`launch runs started                  ${traffic.runs.length}`);
    console.log(`actions acknowledged                 ${traffic.acknowledged.size}`);
    console.log(`requests retried (same key)          ${traffic.retries}`);
    console.log(`  of them after no answer (killed)   ${traffic.noAnswer}`);
    console.log(
      `  503 / 409-in-progress / 500 seen   ${traffic.status503} / ${traffic.status409} / ${traffic.status500}`,
    );
    console.log(`lost (acknowledged, not applied)     ${report.lost}`);
    console.log(`duplicated (applied twice or more)   ${report.duplicated}`);
    console.log(`Idempotency-Keys left pending        ${report.pendingKeys}`);
    console.log(`read model vs workflow mismatches    ${report.mismatches}`);
    console.log(`histories replayed / failing replay  ${report.replayed} / ${report.replayFailures.length}`);
    for (const failure of report.replayFailures) console.log(`  FAILS ${failure.workflowId}: ${failure.message}`);
    for (const detail of report.details) console.log(`  ${detail}`);
    const clean =
      report.lost + report.duplicated + report.pendingKeys + report.mismatches + report.replayFailures.length === 0 &&
      worker.kills >= WORKER_KILLS &&
      api.kills >= API_KILLS;
    console.log(`took                                 ${Math.round((Date.now() - startedAt) / 1000)} s`);
    console.log(clean ? 'CHAOS CHECK PASSED' : 'CHAOS CHECK FAILED');

    await Promise.all([worker.stop(), api.stop()]);
    return clean ? 0 : 1;
  } finally {
    await db.end();
    await temporal.teardown();
    await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(
      (error: unknown) => log(`could not drop ${database}: ${String(error)}`),
    );
  }
}

/** A Baton process the check starts, SIGKILLs and starts again; its output goes to a log file. */
class Supervised {
  kills = 0;
  private child?: ChildProcess;
  private readonly logPath: string;

  constructor(
    private readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    work: string,
    private readonly readyLine: string,
  ) {
    this.logPath = path.join(work, `${name}.log`);
  }

  /** Starts the process and resolves once it logged that it is ready. */
  start(): Promise<void> {
    const out = fs.openSync(this.logPath, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', out],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let seen = '';
      let ready = false;
      child.stdout!.on('data', (chunk: Buffer) => {
        fs.appendFileSync(this.logPath, chunk);
        if (ready) return;
        seen = (seen + chunk.toString()).slice(-4000);
        if (seen.includes(this.readyLine)) {
          ready = true;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        fs.closeSync(out);
        if (!ready)
          reject(new Error(`${this.name} exited before it was ready (${code ?? signal}); see ${this.logPath}`));
      });
    });
  }

  async killRepeatedly(times: number, upFor: () => number): Promise<void> {
    while (this.kills < times) {
      await sleep(upFor());
      await this.kill();
      this.kills += 1;
      await this.start();
    }
  }

  private kill(): Promise<void> {
    const child = this.child!;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    return exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  }
}

/** Clients acting like people with flaky connections: every request is retried with its key until answered. */
class Traffic {
  readonly runs: string[] = [];
  /** Markers of the comments the API acknowledged (200). */
  readonly acknowledged = new Set<string>();
  retries = 0;
  noAnswer = 0;
  status503 = 0;
  status409 = 0;
  status500 = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Starts runs and comments on them while `more()` holds, then finishes the run it is on. */
  async client(index: number, more: () => boolean): Promise<void> {
    for (let flow = 0; more(); flow += 1) {
      const launchId = `chaos-${index}-${flow}`;
      await this.send(
        '/api/launches',
        { launchId, productName: `Chaos ${launchId}`, launchDate: '2031-03-01' },
        `start-${launchId}`,
      );
      this.runs.push(launchId);
      for (let action = 0; action < ACTIONS_PER_RUN; action += 1) {
        const marker = `${launchId}#${action}`;
        await this.send(`/api/launches/${launchId}/items/demand-research/comments`, { text: marker }, marker);
        this.acknowledged.add(marker);
      }
      await this.send(
        `/api/launches/${launchId}/items/demand-research/complete`,
        { link: 'https://wiki.example/chaos' },
        `complete-${launchId}`,
      );
    }
  }

  /** POSTs until the API answers 200/201; a refusal (other 4xx) is a failure of the check. */
  private async send(pathname: string, body: unknown, key: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) this.retries += 1;
      let status: number;
      let text = '';
      try {
        const response = await fetch(`${this.baseUrl}${pathname}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        text = await response.text();
      } catch {
        // Connection refused or cut: the API was killed; the same key goes again.
        this.noAnswer += 1;
        await sleep(300);
        continue;
      }
      if (status === 200 || status === 201) return;
      if (status === 503) this.status503 += 1;
      else if (status === 409 && text.includes('Request in progress')) this.status409 += 1;
      else if (status === 500) this.status500 += 1;
      else throw new Error(`${pathname} with key ${key} was refused: ${status} ${text}`);
      await sleep(500);
    }
  }
}

interface Report {
  lost: number;
  duplicated: number;
  pendingKeys: number;
  mismatches: number;
  replayed: number;
  replayFailures: { workflowId: string; message: string }[];
  details: string[];
}

async function verify(client: Client, db: pg.Pool, traffic: Traffic, bundlePath: string): Promise<Report> {
  const details: string[] = [];
  // Markers of every comment Update Temporal accepted, from each run's history.
  const applied = new Map<string, number>();
  for (const launchId of traffic.runs) {
    const history = await client.workflow.getHandle(`launch:${launchId}`).fetchHistory();
    for (const event of history.events ?? []) {
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
      const payload = accepted?.acceptedRequest?.input?.args?.payloads?.[0];
      if (!payload?.data) continue;
      const request = JSON.parse(Buffer.from(payload.data).toString('utf8')) as {
        action: { type: string; text?: string };
      };
      if (request.action.type !== 'comment' || !request.action.text) continue;
      applied.set(request.action.text, (applied.get(request.action.text) ?? 0) + 1);
    }
  }
  const lost = [...traffic.acknowledged].filter((marker) => !applied.has(marker));
  const duplicated = [...applied].filter(([, count]) => count > 1).map(([marker]) => marker);
  details.push(...lost.map((marker) => `lost: ${marker}`), ...duplicated.map((marker) => `duplicated: ${marker}`));

  const pending = await db.query<{ key: string }>(`SELECT key FROM idempotency_record WHERE state = 'pending'`);
  details.push(...pending.rows.map((row) => `pending key: ${row.key}`));

  // The read model catches up after the last kill; a run still behind after a minute is a mismatch.
  let mismatches: string[] = [];
  const deadline = Date.now() + 60_000;
  do {
    mismatches = [];
    for (const launchId of traffic.runs) {
      const state = await client.workflow.getHandle(`launch:${launchId}`).query(getLaunchState);
      const row = await db.query<{ status: string; items_done: number; events: number }>(
        `SELECT r.status, r.items_done, (SELECT count(*)::int FROM launch_event e WHERE e.launch_id = r.id) AS events
           FROM launch_run r WHERE r.id = $1`,
        [launchId],
      );
      const live = {
        status: state.status,
        itemsDone: state.items.filter((item) => item.status === 'done').length,
        events: state.eventCount,
      };
      const read = row.rows[0] && {
        status: row.rows[0].status,
        itemsDone: row.rows[0].items_done,
        events: row.rows[0].events,
      };
      if (JSON.stringify(live) !== JSON.stringify(read))
        mismatches.push(`read model of ${launchId}: ${JSON.stringify(read)} vs workflow ${JSON.stringify(live)}`);
    }
    if (mismatches.length === 0) break;
    await sleep(2_000);
  } while (Date.now() < deadline);
  details.push(...mismatches);

  const replay = await replayWorkflows(
    client,
    { workflowBundle: { codePath: bundlePath } },
    `TaskQueue = "${TASK_QUEUE}"`,
  );
  return {
    lost: lost.length,
    duplicated: duplicated.length,
    pendingKeys: pending.rowCount ?? 0,
    mismatches: mismatches.length,
    replayed: replay.replayed,
    replayFailures: replay.failures,
    details,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function withAdmin<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `chaos check failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(2);
  },
);
