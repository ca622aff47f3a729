import type { ActivityDependencies } from '../shared/dependencies';
import { createNotificationDelivery, sinkNames } from '../shared/notifications';
import { createDealProjection } from './projection';

/** The activities a deal-support case calls; `deliverNotifications` is keyed by the case's deal id (= workflow id). */
export function createDealActivities({ db, integrations, logger }: ActivityDependencies) {
  return {
    ...createDealProjection(db, sinkNames(integrations.sinks)),
    ...createNotificationDelivery(db, integrations.sinks, logger),
  };
}

export type DealActivities = ReturnType<typeof createDealActivities>;
