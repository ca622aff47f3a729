import type { ActivityDependencies } from '../shared/dependencies';
import { createNotificationDelivery, sinkNames } from '../shared/notifications';
import { createHealthCheck } from './health-check';
import { createRenewalProjection } from './projection';

/** The activities a renewal follow-up calls; `deliverNotifications` is keyed by the renewal id (= workflow id). */
export function createRenewalActivities({ db, integrations, logger }: ActivityDependencies) {
  return {
    ...createRenewalProjection(db, sinkNames(integrations.sinks)),
    ...createHealthCheck(integrations.renewalHealth ?? {}, logger),
    ...createNotificationDelivery(db, integrations.sinks, logger),
  };
}

export type RenewalActivities = ReturnType<typeof createRenewalActivities>;
