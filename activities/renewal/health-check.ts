import { ApplicationFailure } from '@temporalio/common';
import type { HealthAnswer, HealthFigures } from '../../domain/renewal/health';
import { healthSourceAnswerSchema } from '../../domain/renewal/health-schema';
import type { HealthCheckRequest } from '../../domain/renewal/types';
import type { Logger } from '../../runtime/logger';
import { postToWebhook, WEBHOOK_TIMEOUT_MS, type WebhookConfig } from '../shared/webhook-call';

/** The health source, which answers a renewal's usage figures (its URL is a secret), and how long one call may take. */
export type HealthCheckConfig = WebhookConfig;

/**
 * The checkRenewalHealth activity: POSTs `{ renewalId, account, contractId, region, term, round,
 * termStart, contractEnd }` as JSON to the health source and reads the customer's usage figures from
 * its JSON answer (seatsPurchased, activeUsers, openCriticalTickets; optionally activationRate,
 * usageTrend, nps, asOf), checked against the same schema as figures posted through the API.
 * Network errors, timeouts, 5xx, 408, 425 and 429 are retried by Temporal; other 4xx answers and an
 * answer without usable figures are not, because only a person can fix them: the review then waits
 * for figures entered by a person. Without a health source, entering them is simply people's step.
 */
export function createHealthCheck(config: HealthCheckConfig, logger: Logger) {
  const timeoutMs = config.timeoutMs ?? WEBHOOK_TIMEOUT_MS;

  return {
    async checkRenewalHealth(request: HealthCheckRequest): Promise<HealthAnswer> {
      const url = config.webhookUrl;
      const log = { renewalId: request.renewalId, term: request.term, round: request.round };
      if (!url) {
        logger.info(log, 'no health source configured (RENEWAL_HEALTH_WEBHOOK_URL): people enter the figures');
        return { byHand: true };
      }
      const answer = await postToWebhook(
        {
          url,
          body: request,
          headers: { accept: 'application/json' },
          timeoutMs,
          service: 'The health source',
          typePrefix: 'HealthSource',
          logName: 'health source',
          logFields: log,
        },
        logger,
      );
      const figures = parseFigures(answer);
      logger.info(
        { ...log, seatsPurchased: figures.seatsPurchased, activeUsers: figures.activeUsers },
        'renewal health figures fetched',
      );
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
    throw ApplicationFailure.nonRetryable(
      'The health source answered something that is not JSON',
      'HealthSourceUnusable',
    );
  }
  const parsed = healthSourceAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`)
      .join('; ');
    throw ApplicationFailure.nonRetryable(
      `The health source's figures are not usable: ${problems}`,
      'HealthSourceUnusable',
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)) as HealthFigures;
}
