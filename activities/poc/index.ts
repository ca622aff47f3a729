import type { ActivityDependencies } from '../shared/dependencies';
import { createNotificationDelivery, sinkNames } from '../shared/notifications';
import { createPocProjection } from './projection';
import { createProvisioning } from './provisioning';

/**
 * The activities a POC trial calls. `deliverNotifications` is the outbox delivery, keyed by
 * `launchId`, which for a trial is its trial id (= workflow id).
 */
export function createPocActivities({ db, integrations, logger }: ActivityDependencies) {
  return {
    ...createPocProjection(db, sinkNames(integrations.sinks)),
    ...createProvisioning(integrations.provisioning, logger),
    ...createNotificationDelivery(db, integrations.sinks, logger),
  };
}

export type PocActivities = ReturnType<typeof createPocActivities>;
