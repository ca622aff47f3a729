import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SignJWT } from 'jose';
import { applyMigrations } from '../../db/migrate';
import { connectDatabase, type Database } from '../../db/prisma';
import { tracedBundlePath } from '../../runtime/tracing';
import { ensureTemporalCli } from '../../toolchain/temporal-binaries';
import { benchDatabase } from '../support';

/**
 * What the engine benchmark runs against, each part its own process as in production: a Temporal
 * dev server, a fresh database on the Postgres server DATABASE_URL names, a pre-built workflow
 * bundle, one worker process and one API process (bin/worker.ts, bin/api.ts).
 */

const ROOT = path.resolve(__dirname, '../..');
export const JWT_SECRET = 'bench-secret-for-the-engine-benchmark-only';
export const TASK_QUEUE = 'baton-bench';

export interface Stack {
  client: Client;
  db: Database;
  databaseUrl: string;
  apiUrl: string;
  worker: ChildProcess;
  /** The worker's /metrics (its own and Temporal Core's), where the sustained figure reads where the lag goes. */
  workerMetricsUrl: string;
  /** A bearer token for an HQ ops manager, who may act on every run. */
  token: string;
  stop(): Promise<void>;
}

export async function startStack(log: (line: string) => void): Promise<Stack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const executable = await ensureTemporalCli(log);
    const temporal = await TestWorkflowEnvironment.createLocal({ server: { executable, ip: '127.0.0.1' } });
    cleanups.push(() => temporal.teardown());
    const database = await benchDatabase();
    cleanups.push(() => database.drop());
    await applyMigrations(database.url);
    const bundlePath = path.join(os.tmpdir(), `baton-bench-bundle-${process.pid}.js`);
    await runToEnd('bundle-workflows.ts', [bundlePath]);
    // bundle-workflows.ts writes the traced bundle beside it too.
    cleanups.push(async () => {
      for (const file of [bundlePath, tracedBundlePath(bundlePath)]) fs.rmSync(file, { force: true });
    });

    const workerPort = await freePort();
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: database.url,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      // The worker's metrics port: a free one, not 9464, which another process on the machine may hold.
      WORKER_HTTP_PORT: String(workerPort),
      WORKER_HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTH_JWT_SECRET: JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '9999999',
      NODE_ENV: 'production',
    };
    // BENCH_WORKER_PROFILE=<folder>: the worker process writes a V8 CPU profile there when it stops.
    const workerProfile = process.env.BENCH_WORKER_PROFILE;
    const worker = spawnEntry(
      'worker.ts',
      env,
      workerProfile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(workerProfile)}`] : [],
    );
    cleanups.push(() => stopChild(worker));
    const port = await freePort();
    // BENCH_API_PROFILE=<folder>: the API process writes a V8 CPU profile there when it stops (node --cpu-prof).
    const profile = process.env.BENCH_API_PROFILE;
    const api = spawnEntry(
      'api.ts',
      { ...env, PORT: String(port), API_HOST: '127.0.0.1' },
      profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [],
    );
    cleanups.push(() => stopChild(api));
    const apiUrl = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${apiUrl}/readyz`).catch(() => undefined))?.ok === true, api);

    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const db = connectDatabase(database.url);
    cleanups.push(() => db.$disconnect());
    const token = await new SignJWT({ roles: ['ops_manager', 'admin'], regions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('olga@hq.example')
      .setExpirationTime('6h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const workerMetricsUrl = `http://127.0.0.1:${workerPort}/metrics`;
    return { client, db, databaseUrl: database.url, apiUrl, worker, workerMetricsUrl, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function spawnEntry(entry: string, env: Record<string, string>, nodeOptions: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', path.join('bin', entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

function runToEnd(entry: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bin', entry), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${entry} exited with ${code}`))));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntil(ready: () => Promise<boolean>, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before it was ready`);
    if (Date.now() > deadline) throw new Error('not ready in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The resident set of a process, from /proc (Linux), in MiB. */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** The one-minute load average, printed beside every figure so a busy machine shows. */
export function load(): string {
  return `load ${os.loadavg()[0]!.toFixed(2)}`;
}
