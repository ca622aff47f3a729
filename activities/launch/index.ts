import type { ActivityDependencies } from '../shared/dependencies';
import { createNotificationDelivery, sinkNames } from '../shared/notifications';
import { createLegacyProjection } from './legacy-projection';
import { createLaunchProjection } from './projection';

/** The activities a launch-readiness run calls (and the first fixed checklist's projection, for its old runs). */
export function createLaunchActivities({ db, integrations, logger }: ActivityDependencies) {
  return {
    ...createLegacyProjection(db),
    ...createLaunchProjection(db, sinkNames(integrations.sinks)),
    ...createNotificationDelivery(db, integrations.sinks, logger),
  };
}

export type LaunchActivities = ReturnType<typeof createLaunchActivities>;
