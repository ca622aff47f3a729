import { performance } from 'node:perf_hooks';
import { temporal } from '@temporalio/proto';
import { pinnedCalendar } from '../../api/http/pinned-calendar';
import { playbookTemplateSchema } from '../../domain/launch/template';
import type { LaunchInput } from '../../domain/launch/types';
import { launchWorkflowId } from '../../domain/launch/projection';
import { launchAction, launchReadiness } from '../../workflows/launch/launch-readiness';
import { TASK_QUEUE, type Stack } from './stack';

/**
 * Launch runs started and acted on two ways: through Baton's HTTP API, and with the raw Temporal
 * client (the same workflow type, id scheme, input and Update), which is the baseline each HTTP
 * figure is compared with.
 */

export const ACTOR = 'olga@hq.example';
export const ITEM = 'demand-research';
const LAUNCH_DATE = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);

export function startBody(launchId: string) {
  return {
    launchId,
    productName: `Bench ${launchId}`,
    launchDate: LAUNCH_DATE,
    regions: ['east'],
    owners: { product_manager: 'pat@hq.example', ops_manager: ACTOR, presales: 'priya@hq.example' },
  };
}

/** The input the API would build for `startBody(launchId)`: the latest shipped template and the mon-fri calendar. */
export async function rawInput(stack: Stack, launchId: string): Promise<LaunchInput> {
  const row = await stack.db.playbookTemplateVersion.findFirst({
    where: { key: 'launch-readiness' },
    orderBy: { version: 'desc' },
  });
  const body = startBody(launchId);
  return {
    ...body,
    template: { version: row!.version, definition: playbookTemplateSchema.parse(row!.definition) },
    calendar: await pinnedCalendar(stack.db, 'mon-fri'),
    startedBy: ACTOR,
  };
}

export interface Answer {
  status: number;
  ms: number;
  // The API's JSON answer, if any.
  body: { seq?: number } | undefined;
  /** The version the answer names: its body's seq, or its ETag's when the body is left out (Prefer: return=minimal). */
  seq?: number;
}

export async function api(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const answer = text ? (JSON.parse(text) as Answer['body']) : undefined;
  const etag = /^"(\d+)"$/.exec(response.headers.get('etag') ?? '')?.[1];
  const seq = answer?.seq ?? (etag === undefined ? undefined : Number(etag));
  return { status: response.status, ms, body: answer, seq };
}

export async function httpStart(stack: Stack, launchId: string): Promise<void> {
  const answer = await api(stack, 'POST', '/api/launches', startBody(launchId));
  if (answer.status !== 201) throw new Error(`start ${launchId}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

export async function rawStart(stack: Stack, input: LaunchInput, launchId: string): Promise<void> {
  await stack.client.workflow.start(launchReadiness, {
    workflowId: launchWorkflowId(launchId),
    taskQueue: TASK_QUEUE,
    args: [{ ...input, launchId, productName: `Bench ${launchId}` }],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
}

/** A comment over HTTP; `minimal` asks for the 204 without the state (Prefer: return=minimal). */
export function httpComment(stack: Stack, launchId: string, text: string, minimal = false): Promise<Answer> {
  const prefer: Record<string, string> = minimal ? { Prefer: 'return=minimal' } : {};
  return api(stack, 'POST', `/api/launches/${launchId}/items/${ITEM}/comments`, { text }, prefer);
}

export async function rawComment(stack: Stack, launchId: string, text: string): Promise<number> {
  const started = performance.now();
  await stack.client.workflow
    .getHandle(launchWorkflowId(launchId))
    .executeUpdate(launchAction, { args: [{ action: { type: 'comment', itemKey: ITEM, text }, actor: ACTOR }] });
  return performance.now() - started;
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pooled<T>(items: T[], concurrency: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** The run's history events as Temporal stores them. */
export async function history(
  stack: Stack,
  launchId: string,
): Promise<{ events: temporal.api.history.v1.IHistoryEvent[] }> {
  const fetched = await stack.client.workflow.getHandle(launchWorkflowId(launchId)).fetchHistory();
  return { events: fetched.events ?? [] };
}

/** An event's size in the history, as protobuf. */
export function encodedSize(event: temporal.api.history.v1.IHistoryEvent): number {
  return temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
}

/** Waits until the read model holds the run at `seq` or later. */
export async function projected(stack: Stack, launchId: string, seq: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await stack.db.launchRun.findUnique({ where: { id: launchId }, select: { projectionSeq: true } });
    if (row && row.projectionSeq >= seq) return;
    if (Date.now() > deadline) throw new Error(`${launchId} not projected at seq ${seq} in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
