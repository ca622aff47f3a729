import type { ProvisioningAnswer, ProvisioningRequest, ProvisioningResult } from '../../domain/poc/types';
import type { Logger } from '../../runtime/logger';
import { postToWebhook, WEBHOOK_TIMEOUT_MS, type WebhookConfig } from '../shared/webhook-call';

/** Where trial environments are ordered (the webhook URL is a secret), and how long one call may take. */
export type ProvisioningConfig = WebhookConfig;

/**
 * The provisionEnvironment activity: POSTs the trial's request as JSON to the configured
 * webhook, with an `Idempotency-Key` that stays the same across Temporal's retries of one round,
 * and returns the environment's reference and URL. Network errors, timeouts, 5xx, 408, 425 and
 * 429 are retried by Temporal; other 4xx answers are not, because only a person can fix them: the
 * trial then waits in `provisioning_failed` for a retry or a manual setup. Without a webhook,
 * provisioning is a person's step: the answer says so and the trial waits for them, without alarm.
 */
export function createProvisioning(config: ProvisioningConfig, logger: Logger) {
  const timeoutMs = config.timeoutMs ?? WEBHOOK_TIMEOUT_MS;

  return {
    async provisionEnvironment(request: ProvisioningRequest): Promise<ProvisioningAnswer> {
      const url = config.webhookUrl;
      if (!url) {
        logger.info(
          { trialId: request.trialId },
          'no provisioning webhook configured (POC_PROVISIONING_WEBHOOK_URL): the trial waits for a person to provision it',
        );
        return { byHand: true };
      }
      const answer = await postToWebhook(
        {
          url,
          body: request,
          headers: { 'idempotency-key': request.idempotencyKey },
          timeoutMs,
          service: 'The provisioning webhook',
          typePrefix: 'Provisioning',
          logName: 'provisioning webhook',
          logFields: { trialId: request.trialId, idempotencyKey: request.idempotencyKey },
        },
        logger,
      );
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
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: keep the defaults.
  }
  const reference =
    typeof body.reference === 'string' && body.reference.trim() ? body.reference.trim() : idempotencyKey;
  const environmentUrl =
    typeof body.environmentUrl === 'string' && /^https?:\/\/\S+$/.test(body.environmentUrl)
      ? body.environmentUrl
      : undefined;
  return environmentUrl ? { reference, environmentUrl } : { reference };
}
