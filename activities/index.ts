import type { Database } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import { createLegacyProjection } from './legacy-projection';
import { createNotificationDelivery, sinkNames, type NotificationSink } from './notifications';
import { createRunProjection } from './run-projection';

/** Every activity the worker registers, with its dependencies injected. */
export function createActivities(db: Database, sinks: readonly NotificationSink[], logger: Logger) {
  return {
    ...createLegacyProjection(db),
    ...createRunProjection(db, sinkNames(sinks)),
    ...createNotificationDelivery(db, sinks, logger),
  };
}

export type Activities = ReturnType<typeof createActivities>;
