import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../../runtime/logger';

/** A service Baton calls and reads the answer of (POC provisioning, the renewal health source). */
export interface WebhookConfig {
  /** A secret (it may carry a token), so never echoed. */
  webhookUrl?: string;
  /** How long one call may take before it counts as failed (and Temporal retries it). */
  timeoutMs?: number;
}

export const WEBHOOK_TIMEOUT_MS = 30_000;

/** Statuses that say "not now" rather than "never": retrying them can help. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export interface WebhookCall {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** How messages name the service, e.g. "The provisioning webhook". */
  service: string;
  /** Failure types are `${typePrefix}Unreachable`, `${typePrefix}Failed` (both retried) and `${typePrefix}Refused` (not). */
  typePrefix: string;
  /** How log lines name it, and what they carry. */
  logName: string;
  logFields: Record<string, unknown>;
}

/**
 * POSTs `body` as JSON and returns the text of a 2xx answer. Network errors, timeouts, 5xx, 408,
 * 425 and 429 throw a retryable ApplicationFailure; other 4xx answers a non-retryable one, because
 * asking again cannot help. Messages name the status and the service's first line, never the URL.
 */
export async function postToWebhook(call: WebhookCall, logger: Logger): Promise<string> {
  const { url, timeoutMs, service, typePrefix, logName, logFields } = call;
  let status: number;
  let answer: string;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...call.headers },
      body: JSON.stringify(call.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    answer = await response.text();
  } catch (error) {
    const reason = describeError(error, url, timeoutMs);
    logger.warn({ ...logFields, error: reason }, `${logName} unreachable; Temporal will retry`);
    throw ApplicationFailure.retryable(`${service} could not be reached: ${reason}`, `${typePrefix}Unreachable`);
  }
  if (status >= 200 && status <= 299) return answer;
  const detail = snippet(answer, url);
  const message = `${service} answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
  logger.warn({ ...logFields, status }, `${logName} refused the request`);
  if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status))
    throw ApplicationFailure.nonRetryable(message, `${typePrefix}Refused`);
  throw ApplicationFailure.retryable(message, `${typePrefix}Failed`);
}

/** The first line of a refusal, short, for the timeline: the service's own words help a person most. */
function snippet(answer: string, url: string): string {
  const line = answer.split('\n')[0]!.trim().split(url).join('<webhook url>');
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/** What went wrong, for the timeline and logs: never the webhook URL, which is a secret. */
function describeError(error: unknown, url: string, timeoutMs: number): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm (e.g. under jest).
  const {
    name,
    message = String(error),
    cause,
  } = (error ?? {}) as { name?: unknown; message?: string; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause.
  const described = typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
  return described.split(url).join('<webhook url>');
}
