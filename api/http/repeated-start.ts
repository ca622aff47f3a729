import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { isDeepStrictEqual } from 'node:util';

/**
 * Parts of a start input that are not the caller's details: who sent it, the calendar pinned at the
 * time (its content may have been edited since), where it came from, and what a continued run carries.
 */
const NOT_DETAILS = new Set(['requestedBy', 'calendar', 'source', 'carriedState']);
/** Wrappers whose fields are the request body's own (`request.amount` is the body's `amount`). */
const WRAPPERS = new Set(['request', 'start']);

/** The body fields, as dotted paths, in which `repeat` differs from `original` (objects compared member by member). */
export function differingDetails(original: unknown, repeat: unknown, path: string[] = []): string[] {
  if (isDeepStrictEqual(original, repeat)) return [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(original) || !isObject(repeat)) return [path.join('.')];
  const keys = [...new Set([...Object.keys(original), ...Object.keys(repeat)])].sort();
  return keys
    .filter((key) => !NOT_DETAILS.has(key))
    .flatMap((key) => {
      const field = path.length === 0 && WRAPPERS.has(key) ? [] : [...path, key];
      return differingDetails(original[key], repeat[key], field);
    })
    .filter((field) => field !== '');
}

/** The input a case's workflow was started with (the first event of its latest run). */
export async function startInputOf(client: Client, workflowId: string): Promise<unknown> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
}
