import type { ActivityDependencies } from '../shared/dependencies';
import { createNotificationDelivery, sinkNames } from '../shared/notifications';
import { createHandoffProjection } from './projection';

/** The activities a delivery handoff calls; `deliverNotifications` is keyed by the handoff id (= workflow id). */
export function createHandoffActivities({ db, integrations, logger }: ActivityDependencies) {
  return {
    ...createHandoffProjection(db, sinkNames(integrations.sinks)),
    ...createNotificationDelivery(db, integrations.sinks, logger),
  };
}

export type HandoffActivities = ReturnType<typeof createHandoffActivities>;
