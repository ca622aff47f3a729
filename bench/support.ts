import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Principal } from '../api/auth/principal';
import type { AnyRoute } from '../api/http/route';
import { startPglite } from '../db/pglite';
import { applyMigrations } from '../db/migrate';
import { connectDatabase, type Database } from '../db/prisma';
import { createLogger } from '../runtime/logger';

/** What the read-model benchmarks share: a throwaway database, a timer, and a way to call a route directly. */

/**
 * A new database of the benchmark's own on the server DATABASE_URL names (a role that may CREATE
 * DATABASE), dropped at the end; an embedded PGlite without DATABASE_URL.
 */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startPglite();
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `baton_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs `action` once to warm up, then `runs` times, and prints the median and the worst. */
export async function timed(label: string, runs: number, action: () => Promise<unknown>): Promise<void> {
  await action();
  const durations: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await action();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)]!;
  process.stdout.write(
    `${label.padEnd(48)} median ${median.toFixed(1)} ms, worst ${durations.at(-1)!.toFixed(1)} ms (${runs} runs)\n`,
  );
}

/** Calls a GET route's handler as an HQ ops manager, its query parsed as the API would. */
export function routeCaller(routes: AnyRoute[]) {
  const hq: Principal = { subject: 'olga', roles: ['ops_manager'], regions: [], via: 'jwt' };
  const logger = createLogger('silent');
  return (operationId: string, query: Record<string, string>) => {
    const route = routes.find((candidate) => candidate.operationId === operationId)!;
    return route.handle({
      params: {},
      query: route.query!.parse(query),
      body: undefined,
      principal: hq,
      origin: {},
      requestId: 'bench',
      logger,
    });
  };
}

/**
 * Runs one benchmark against a migrated throwaway database, dropped afterwards however it ends; a
 * failure prints its stack and exits 1.
 */
export function runBench(bench: (db: Database) => Promise<void>): void {
  const run = async () => {
    const target = await benchDatabase();
    const db = connectDatabase(target.url, { maxConnections: process.env.DATABASE_URL ? undefined : 1 });
    try {
      await applyMigrations(target.url);
      await bench(db);
    } finally {
      await db.$disconnect();
      // BENCH_KEEP=1 leaves a server database in place to study its plans afterwards (drop it by hand).
      if (process.env.BENCH_KEEP && process.env.DATABASE_URL) process.stdout.write(`kept ${target.url}\n`);
      else await target.drop();
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
