import type { Database } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import { createDealProjection } from './deal/projection';
import { createHandoffProjection } from './handoff/projection';
import { createHealthCheck, type HealthCheckConfig } from './renewal/health-check';
import { createLegacyProjection } from './launch/legacy-projection';
import { createNotificationDelivery, sinkNames, type NotificationSink } from './shared/notifications';
import { createPocProjection } from './poc/projection';
import { createProvisioning, type ProvisioningConfig } from './poc/provisioning';
import { createRenewalProjection } from './renewal/projection';
import { createLaunchProjection } from './launch/projection';

export interface Integrations {
  /** Where notifications go (a log sink when no webhook is configured). */
  sinks: readonly NotificationSink[];
  provisioning: ProvisioningConfig;
  /** The renewal health source; without one, renewals wait for figures posted through the API. */
  renewalHealth?: HealthCheckConfig;
}

/** Every activity the worker registers, with its dependencies injected. */
export function createActivities(db: Database, integrations: Integrations, logger: Logger) {
  const { sinks } = integrations;
  return {
    ...createLegacyProjection(db),
    ...createLaunchProjection(db, sinkNames(sinks)),
    ...createPocProjection(db, sinkNames(sinks)),
    ...createDealProjection(db, sinkNames(sinks)),
    ...createHandoffProjection(db, sinkNames(sinks)),
    ...createNotificationDelivery(db, sinks, logger),
    ...createProvisioning(integrations.provisioning, logger),
    ...createRenewalProjection(db, sinkNames(sinks)),
    ...createHealthCheck(integrations.renewalHealth ?? {}, logger),
  };
}

export type Activities = ReturnType<typeof createActivities>;
