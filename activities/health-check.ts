import { ApplicationFailure } from '@temporalio/common';
import { healthSourceAnswerSchema, type HealthFigures } from '../domain/renewal/health';
import type { HealthCheckRequest } from '../domain/renewal/types';
import type { Logger } from '../runtime/logger';
import { describeError, snippet } from './provisioning';

export interface HealthCheckConfig {
  /** The health source: answers a renewal's usage figures; a secret (it may carry a token), so never echoed. */
  webhookUrl?: string;
  /** How long one call may take before it counts as failed (and Temporal retries it). */
  timeoutMs?: number;
}

export const HEALTH_CHECK_TIMEOUT_MS = 30_000;

/** Statuses that say "not now" rather than "never": retrying them can help. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * The checkRenewalHealth activity: POSTs `{ renewalId, account, contractId, region, term, round,
 * termStart, contractEnd }` as JSON to the health source and reads the customer's usage figures from
 * its JSON answer (seatsPurchased, activeUsers, openCriticalTickets; optionally activationRate,
 * usageTrend, nps, asOf), checked against the same schema as figures posted through the API.
 * Network errors, timeouts, 5xx, 408, 425 and 429 are retried by Temporal; other 4xx answers, an
 * answer without usable figures and a missing webhook are not, because only a person can fix them:
 * the review then waits for figures posted through the API.
 */
export function createHealthCheck(config: HealthCheckConfig, logger: Logger) {
  const timeoutMs = config.timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;

  return {
    async checkRenewalHealth(request: HealthCheckRequest): Promise<HealthFigures> {
      const url = config.webhookUrl;
      const log = { renewalId: request.renewalId, term: request.term, round: request.round };
      if (!url) {
        throw ApplicationFailure.nonRetryable('No health source is configured (RENEWAL_HEALTH_WEBHOOK_URL), so Baton cannot fetch the figures', 'HealthSourceNotConfigured');
      }
      let status: number;
      let answer: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        answer = await response.text();
      } catch (error) {
        const reason = describeError(error, url, timeoutMs);
        logger.warn({ ...log, error: reason }, 'health source unreachable; Temporal will retry');
        throw ApplicationFailure.retryable(`The health source could not be reached: ${reason}`, 'HealthSourceUnreachable');
      }
      if (status < 200 || status > 299) {
        const detail = snippet(answer, url);
        const message = `The health source answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
        logger.warn({ ...log, status }, 'health source refused the request');
        if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status)) throw ApplicationFailure.nonRetryable(message, 'HealthSourceRefused');
        throw ApplicationFailure.retryable(message, 'HealthSourceFailed');
      }
      const figures = parseFigures(answer);
      logger.info({ ...log, seatsPurchased: figures.seatsPurchased, activeUsers: figures.activeUsers }, 'renewal health figures fetched');
      return figures;
    },
  };
}

/** The answer's figures, or a non-retryable failure naming what is wrong (asking again would get the same answer). */
function parseFigures(answer: string): HealthFigures {
  let body: unknown;
  try {
    body = JSON.parse(answer);
  } catch {
    throw ApplicationFailure.nonRetryable('The health source answered something that is not JSON', 'HealthSourceUnusable');
  }
  const parsed = healthSourceAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`The health source's figures are not usable: ${problems}`, 'HealthSourceUnusable');
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)) as HealthFigures;
}
