import { ApplicationFailure } from '@temporalio/common';
import type { ProvisioningRequest, ProvisioningResult } from '../domain/poc/types';
import type { Logger } from '../runtime/logger';

export interface ProvisioningConfig {
  /** Where trial environments are ordered; a secret (it may carry a token), so never echoed. */
  webhookUrl?: string;
  /** How long one call may take before it counts as failed (and Temporal retries it). */
  timeoutMs?: number;
}

export const PROVISIONING_TIMEOUT_MS = 30_000;

/** Statuses that say "not now" rather than "never": retrying them can help. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * The provisionEnvironment activity: POSTs the trial's request as JSON to the configured
 * webhook, with an `Idempotency-Key` that stays the same across Temporal's retries of one round,
 * and returns the environment's reference and URL. Network errors, timeouts, 5xx, 408, 425 and
 * 429 are retried by Temporal; other 4xx answers and a missing webhook are not, because only a
 * person can fix them: the trial then waits in `provisioning_failed` for a retry or a manual setup.
 */
export function createProvisioning(config: ProvisioningConfig, logger: Logger) {
  const timeoutMs = config.timeoutMs ?? PROVISIONING_TIMEOUT_MS;

  return {
    async provisionEnvironment(request: ProvisioningRequest): Promise<ProvisioningResult> {
      const url = config.webhookUrl;
      if (!url) {
        throw ApplicationFailure.nonRetryable(
          'No provisioning webhook is configured, so Baton cannot order the environment: provision it by hand and mark the trial provisioned',
          'ProvisioningNotConfigured',
        );
      }
      let status: number;
      let answer: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        answer = await response.text();
      } catch (error) {
        const reason = describeError(error, url, timeoutMs);
        logger.warn({ trialId: request.trialId, idempotencyKey: request.idempotencyKey, error: reason }, 'provisioning webhook unreachable; Temporal will retry');
        throw ApplicationFailure.retryable(`The provisioning webhook could not be reached: ${reason}`, 'ProvisioningUnreachable');
      }
      if (status < 200 || status > 299) {
        const detail = snippet(answer, url);
        const message = `The provisioning webhook answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
        logger.warn({ trialId: request.trialId, idempotencyKey: request.idempotencyKey, status }, 'provisioning webhook refused the request');
        if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status)) throw ApplicationFailure.nonRetryable(message, 'ProvisioningRefused');
        throw ApplicationFailure.retryable(message, 'ProvisioningFailed');
      }
      const result = parseResult(answer, request.idempotencyKey);
      logger.info({ trialId: request.trialId, reference: result.reference }, 'trial environment provisioned');
      return result;
    },
  };
}

/**
 * The provisioner answers `{ "reference": "...", "environmentUrl": "https://..." }`. Without a
 * reference (or with a body that is not JSON) the idempotency key stands in, so the environment
 * can still be traced; a 2xx means it was created, and refusing it would only provision it twice.
 */
function parseResult(answer: string, idempotencyKey: string): ProvisioningResult {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(answer);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: keep the defaults.
  }
  const reference = typeof body.reference === 'string' && body.reference.trim() ? body.reference.trim() : idempotencyKey;
  const environmentUrl = typeof body.environmentUrl === 'string' && /^https?:\/\/\S+$/.test(body.environmentUrl) ? body.environmentUrl : undefined;
  return environmentUrl ? { reference, environmentUrl } : { reference };
}

/** The first line of a webhook's refusal, short, for the timeline: the service's own words help a person most. */
export function snippet(answer: string, url: string): string {
  const line = answer.split('\n')[0]!.trim().split(url).join('<webhook url>');
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/** What went wrong calling a webhook, for the timeline and logs: never the webhook URL, which is a secret. */
export function describeError(error: unknown, url: string, timeoutMs: number): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm (e.g. under jest).
  const { name, message = String(error), cause } = (error ?? {}) as { name?: unknown; message?: string; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause.
  const described = typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
  return described.split(url).join('<webhook url>');
}
