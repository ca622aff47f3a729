/**
 * Issue 14's table in one run: what Baton's engine costs beside the raw Temporal client, and how
 * fast the read routes answer over a large read model.
 *
 *   DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db npm run bench
 *
 * It starts its own Temporal dev server, a fresh database on the Postgres server DATABASE_URL names
 * (a role that may CREATE DATABASE; dropped at the end), and Baton's worker and API as separate
 * processes, then prints each figure beside its baseline and the machine's load average:
 * - HTTP start throughput vs raw workflow.start (concurrency 16, interleaved batches);
 * - HTTP action p50 vs raw executeUpdate of the same action (interleaved);
 * - Temporal history bytes and events per action;
 * - a sustained open-loop load with errors and read-model lag percentiles (again with Prefer: return=minimal);
 * - the worker's RSS with N open launch runs;
 * - the read routes at 10k and 100k cases filled by SQL, p50/p95, and EXPLAIN of the slowest statement.
 *
 * Knobs (environment): BENCH_SUSTAINED_SECONDS (default 30), BENCH_SUSTAINED_RATE (50),
 * BENCH_OPEN_RUNS (default 1000,5000; add 10000 on a machine with the memory), BENCH_READ_SIZES
 * (10000,100000), BENCH_PARTS (engine,reads; or single engine parts: starts,actions,history,sustained,sustained-minimal,memory; or
 * phases: p50 of each step an HTTP action and start take, beside the whole request), BENCH_KEEP_DATABASE (1 leaves
 * the read-model database for EXPLAIN), BENCH_API_PROFILE (a folder: the API process writes a CPU profile there), BENCH_WORKER_PROFILE (the same for the worker),
 * BENCH_EXPLAIN (read rows whose slowest statement is explained too, e.g. "my tasks"), BENCH_POC_SPREAD (1: each copied
 * trial's POC times move by up to a day, so stays differ to the second as real ones do, not repeat their seed's).
 */
import { actionLatency, historyPerAction, startThroughput, sustained, workerMemory } from './engine/engine-figures';
import { phases } from './engine/phases';
import { readFigures } from './engine/read-figures';
import { load, rssMiB, startStack } from './engine/stack';

const numbers = (value: string | undefined, fallback: string) => (value ?? fallback).split(',').map(Number);
const parts = (process.env.BENCH_PARTS ?? 'engine,reads').split(',');
/** `engine` runs every engine figure; a part name runs that figure alone. */
const ENGINE_PARTS = ['starts', 'actions', 'history', 'sustained', 'sustained-minimal', 'memory'];
/** Parts only named ones run (`engine` does not include them). */
const PROBES = ['phases'];
const runs = (part: string) => parts.includes(part) || (parts.includes('engine') && !PROBES.includes(part));

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL)
    throw new Error('DATABASE_URL must name a Postgres server and a role that may CREATE DATABASE');
  const began = Date.now();
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`Baton engine benchmark, node ${process.version}, ${load()}`);
  if ([...ENGINE_PARTS, ...PROBES].some(runs)) {
    const stack = await startStack((line) => process.stderr.write(`${line}\n`));
    try {
      const idle = rssMiB(stack.worker.pid!);
      print(
        `stack up (Temporal dev server, Postgres database, worker and API processes), idle worker RSS ${idle.toFixed(0)} MiB  ${load()}`,
      );
      if (runs('phases')) await phases(stack, 30);
      if (runs('starts')) await startThroughput(stack, 5, 64);
      if (runs('actions')) await actionLatency(stack, 60);
      if (runs('history')) await historyPerAction(stack, 20);
      for (const part of ['sustained', 'sustained-minimal'] as const)
        if (runs(part))
          await sustained(
            stack,
            Number(process.env.BENCH_SUSTAINED_RATE ?? 50),
            Number(process.env.BENCH_SUSTAINED_SECONDS ?? 30),
            50,
            part === 'sustained-minimal',
          );
      if (runs('memory')) await workerMemory(stack, numbers(process.env.BENCH_OPEN_RUNS, '1000,5000'), idle);
    } finally {
      await stack.stop();
    }
  }
  if (parts.includes('reads')) await readFigures(numbers(process.env.BENCH_READ_SIZES, '10000,100000'));
  print(`done in ${((Date.now() - began) / 60_000).toFixed(1)} min`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
