import { performance } from 'node:perf_hooks';
import { temporal } from '@temporalio/proto';
import {
  api,
  encodedSize,
  history,
  httpComment,
  httpStart,
  pooled,
  projected,
  rawComment,
  rawInput,
  rawStart,
} from './launch-runs';
import { load, rssMiB, type Stack } from './stack';
import { lagBreakdown, workerMetrics } from './worker-metrics';

/** The engine rows of issue 14's table: starts, actions, history per action, a sustained load, worker memory. */

const print = (line: string) => process.stdout.write(`${line}\n`);
const pad = (label: string) => label.padEnd(58);
let serial = 0;
const newId = (prefix: string) => `${prefix}-${process.pid}-${(serial += 1)}`;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Start throughput at concurrency 16, HTTP and raw batches interleaved. */
export async function startThroughput(stack: Stack, rounds: number, perBatch: number): Promise<void> {
  const input = await rawInput(stack, 'template');
  // Warm both paths at the measured concurrency (the API's database connections and compiled code, the
  // clients' gRPC channels), and wait for the worker's first poll.
  const warm = (side: 'http' | 'raw') =>
    pooled(
      Array.from({ length: 32 }, () => newId(`warm-${side}`)),
      16,
      (id) => (side === 'http' ? httpStart(stack, id) : rawStart(stack, input, id)),
    );
  await warm('http');
  await warm('raw');
  const spent = { http: 0, raw: 0 };
  const failed = { http: 0, raw: 0 };
  let started = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const side of ['http', 'raw'] as const) {
      // Each batch on a worker that has run the previous batch's first tasks and projections: otherwise
      // whichever side goes second shares the two cores with the worker catching up on the first.
      await settled(stack);
      const ids = Array.from({ length: perBatch }, () => newId(`start-${side}`));
      const began = performance.now();
      await pooled(ids, 16, (id) =>
        (side === 'http' ? httpStart(stack, id) : rawStart(stack, input, id)).catch(() => (failed[side] += 1)),
      );
      const seconds = (performance.now() - began) / 1000;
      spent[side] += seconds;
      print(
        `  ${pad(`start batch ${round + 1} ${side}, ${perBatch} at concurrency 16`)} ${(perBatch / seconds).toFixed(1)} starts/s  ${load()}`,
      );
    }
    started += perBatch;
  }
  const http = started / spent.http;
  const raw = started / spent.raw;
  print(
    `${pad('HTTP start throughput / raw workflow.start (c=16)')} ${http.toFixed(1)} / ${raw.toFixed(1)} starts/s = ${(http / raw).toFixed(2)}x (goal >= 0.85x); failed ${failed.http} / ${failed.raw}  ${load()}`,
  );
}

/** Waits (at most 60 s) until the read model holds every run started so far: the worker has caught up. */
async function settled(stack: Stack): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { count } = await stack.client.workflow.count('WorkflowType = "launchReadiness"');
    if ((await stack.db.launchRun.count()) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Action latency: HTTP comment vs raw executeUpdate of the same action, one at a time, interleaved. */
export async function actionLatency(stack: Stack, count: number): Promise<void> {
  const whole = newId('act-http');
  const minimal = newId('act-minimal');
  const rawRun = newId('act-raw');
  for (const run of [whole, minimal, rawRun]) await httpStart(stack, run);
  const took = { whole: [] as number[], minimal: [] as number[], raw: [] as number[] };
  const failed = { whole: 0, minimal: 0, raw: 0 };
  for (let index = 0; index < count + 5; index += 1) {
    const wholeAnswer = await httpComment(stack, whole, `http ${index}`);
    const minimalAnswer = await httpComment(stack, minimal, `minimal ${index}`, true);
    const rawMs = await rawComment(stack, rawRun, `raw ${index}`).catch(() => undefined);
    if (wholeAnswer.status !== 200) failed.whole += 1;
    if (minimalAnswer.status !== 204) failed.minimal += 1;
    if (rawMs === undefined) failed.raw += 1;
    // The first few warm connections and caches; a failed action has no latency to compare.
    if (index >= 5 && wholeAnswer.status === 200 && minimalAnswer.status === 204 && rawMs !== undefined) {
      took.whole.push(wholeAnswer.ms);
      took.minimal.push(minimalAnswer.ms);
      took.raw.push(rawMs);
    }
  }
  const raw = percentile(took.raw, 50);
  const row = (label: string, http: number[], failures: number) => {
    const h = percentile(http, 50);
    print(
      `${pad(label)} ${h.toFixed(1)} / ${raw.toFixed(1)} ms = ${(h / raw).toFixed(2)}x (goal <= 1.2x); p95 ${percentile(http, 95).toFixed(1)} / ${percentile(took.raw, 95).toFixed(1)} ms; failed ${failures} / ${failed.raw}  ${load()}`,
    );
  };
  row(`HTTP action p50 / raw executeUpdate p50 (${count} each)`, took.whole, failed.whole);
  row(`HTTP action, Prefer: return=minimal / raw executeUpdate p50`, took.minimal, failed.minimal);
}

/**
 * History growth per comment on a launch run, each action projected before the next; the Update's
 * own events (accepted, completed: its request and its result) are shown apart from the rest.
 */
export async function historyPerAction(stack: Stack, count: number): Promise<void> {
  const run = newId('history');
  await httpStart(stack, run);
  const first = await api(stack, 'GET', `/api/launches/${run}`);
  await projected(stack, run, first.body!.seq!);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = await history(stack, run);
  for (let index = 0; index < count; index += 1) {
    const answer = await httpComment(stack, run, `comment ${index}`);
    await projected(stack, run, answer.body!.seq!);
  }
  // The workflow task that follows the projection's completion lands a moment after the row does.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await history(stack, run);
  const added = after.events.slice(before.events.length);
  const size = (events: typeof added) => events.reduce((sum, event) => sum + encodedSize(event), 0);
  const update = added.filter(
    (event) =>
      event.workflowExecutionUpdateAcceptedEventAttributes || event.workflowExecutionUpdateCompletedEventAttributes,
  );
  const kib = (bytes: number) => `${(bytes / count / 1024).toFixed(1)} KiB`;
  print(
    `${pad(`Temporal history per action (comment, ${count} actions)`)} ${kib(size(added))}, ${(added.length / count).toFixed(1)} events (goal <= 4 KB); of it the Update's request and result ${kib(size(update))}  ${load()}`,
  );
  // Where the bytes go, by event type, so a change to one kind of event shows on its own.
  const byType = new Map<string, typeof added>();
  for (const event of added) {
    const type = String(temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? event.eventType).replace(
      /^EVENT_TYPE_/,
      '',
    );
    byType.set(type, [...(byType.get(type) ?? []), event]);
  }
  const parts = [...byType].sort(([, a], [, b]) => size(b) - size(a));
  print(
    `  by event type per action: ${parts.map(([type, events]) => `${type.toLowerCase()} ${(events.length / count).toFixed(1)}x ${(size(events) / count).toFixed(0)} B`).join(', ')}`,
  );
}

/**
 * A sustained open-loop load: `rate` HTTP comments a second for `seconds`, spread over `runs` runs.
 * Lag is the time from an action's 200 until the read model holds its seq (polled every 25 ms).
 */
/** An open-loop load of comments; `minimal` sends them with Prefer: return=minimal (no state read after each). */
export async function sustained(
  stack: Stack,
  rate: number,
  seconds: number,
  runs: number,
  minimal = false,
): Promise<void> {
  const done = (status: number) => status === (minimal ? 204 : 200);
  const ids = Array.from({ length: runs }, () => newId('load'));
  await pooled(ids, 16, (id) => httpStart(stack, id));
  const seen = new Map<string, { seq: number; at: number }[]>(ids.map((id) => [id, []]));
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const rows = await stack.db.$queryRaw<{ id: string; seq: number }[]>`
        SELECT id, projection_seq AS seq FROM launch_run WHERE id = ANY(${ids}::text[])`;
      const at = performance.now();
      for (const row of rows) {
        const history = seen.get(row.id)!;
        if (history.at(-1)?.seq !== row.seq) history.push({ seq: row.seq, at });
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const results: { id: string; status: number; ms: number; seq?: number; answeredAt: number; failure?: string }[] = [];
  const metricsBefore = await workerMetrics(stack.workerMetricsUrl);
  const inFlight: Promise<void>[] = [];
  const began = performance.now();
  const total = rate * seconds;
  for (let index = 0; index < total; index += 1) {
    const due = began + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = ids[index % runs]!;
    inFlight.push(
      httpComment(stack, id, `load ${index}`, minimal).then(
        (answer) => {
          results.push({
            id,
            status: answer.status,
            ms: answer.ms,
            seq: answer.seq,
            answeredAt: performance.now(),
          });
        },
        (error: unknown) => {
          // fetch words every failure "fetch failed"; its cause says which (a reset, a timeout).
          const cause = (error as { cause?: { code?: string; name?: string } }).cause;
          results.push({ id, status: 0, ms: NaN, answeredAt: performance.now(), failure: cause?.code ?? cause?.name });
        },
      ),
    );
  }
  const offered = (total / (performance.now() - began)) * 1000;
  await Promise.all(inFlight);
  // Let the read model catch up before the lag is measured.
  const settle = Date.now() + 30_000;
  while (Date.now() < settle) {
    const behind = results.some((result) => done(result.status) && !(seen.get(result.id)!.at(-1)!.seq >= result.seq!));
    if (!behind) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  polling = false;
  await poller;
  const metricsAfter = await workerMetrics(stack.workerMetricsUrl);
  const lags: number[] = [];
  let neverProjected = 0;
  for (const result of results) {
    if (!done(result.status)) continue;
    const shown = seen.get(result.id)!.find((entry) => entry.seq >= result.seq!);
    if (!shown) neverProjected += 1;
    else lags.push(Math.max(0, shown.at - result.answeredAt));
  }
  const errors = new Map<string, number>();
  for (const result of results) {
    if (done(result.status)) continue;
    const kind = result.status ? String(result.status) : `network ${result.failure ?? 'error'}`;
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  }
  const latencies = results.filter((result) => done(result.status)).map((result) => result.ms);
  const errorText = errors.size === 0 ? 'no errors' : [...errors].map(([kind, n]) => `${n}x ${kind}`).join(', ');
  print(
    `${pad(`sustained ${rate} actions/s for ${seconds} s over ${runs} runs (HTTP${minimal ? ', minimal' : ''})`)} offered ${offered.toFixed(1)}/s, ${errorText}; action p50 ${percentile(latencies, 50).toFixed(0)} ms p99 ${percentile(latencies, 99).toFixed(0)} ms; read-model lag p50 ${percentile(lags, 50).toFixed(0)} ms p95 ${percentile(lags, 95).toFixed(0)} ms p99 ${percentile(lags, 99).toFixed(0)} ms max ${Math.max(...lags).toFixed(0)} ms${neverProjected ? `, ${neverProjected} not projected in 30 s` : ''} (goal: no errors, lag p99 < 1 s)  ${load()}`,
  );
  // Where it goes, from the worker's metrics over the same load (the lag above adds the 25 ms poll).
  print(`  where the lag goes: ${lagBreakdown(metricsBefore, metricsAfter, latencies.length)}`);
}

/** Worker RSS with `targets` open launch runs, started raw at concurrency 32 and each projected once. */
export async function workerMemory(stack: Stack, targets: number[], idle: number): Promise<void> {
  const input = await rawInput(stack, 'template');
  for (const target of targets) {
    const open = await stack.db.launchRun.count({ where: { status: 'active' } });
    const ids = Array.from({ length: Math.max(0, target - open) }, () => newId('open'));
    const began = performance.now();
    await pooled(ids, 32, (id) => rawStart(stack, input, id));
    for (;;) {
      const count = await stack.db.launchRun.count({ where: { status: 'active' } });
      if (count >= target) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - began) / 1000;
    const rss = rssMiB(stack.worker.pid!);
    print(
      `${pad(`worker RSS with ${target} open launch runs`)} ${rss.toFixed(0)} MiB vs ${idle.toFixed(0)} MiB idle = ${(((rss - idle) * 1024) / target).toFixed(0)} KiB per run (${ids.length} started and projected in ${seconds.toFixed(0)} s) (goal <= 1.5 GB at 10k)  ${load()}`,
    );
  }
}
