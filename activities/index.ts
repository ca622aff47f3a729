import type { Database } from '../db/prisma';
import { createLaunchProjection } from './launch-projection';

/** Every activity the worker registers, with its dependencies injected. */
export function createActivities(db: Database) {
  return {
    ...createLaunchProjection(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
