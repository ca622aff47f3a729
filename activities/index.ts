import type { Database } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import { createDealActivities } from './deal';
import { createHandoffActivities } from './handoff';
import { createLaunchActivities } from './launch';
import { createPocActivities } from './poc';
import { createRenewalActivities } from './renewal';
import type { Integrations } from './shared/dependencies';
import { createDigestActivities } from './shared/notices/digest';
import { createNextPlaybookPlanActivities } from './shared/next-playbook-plans';

/** Every activity the worker registers, with its dependencies injected; each playbook's workflow proxies its own factory's type. */
export function createActivities(db: Database, integrations: Integrations, logger: Logger) {
  const dependencies = { db, integrations, logger };
  return {
    ...createLaunchActivities(dependencies),
    ...createPocActivities(dependencies),
    ...createDealActivities(dependencies),
    ...createHandoffActivities(dependencies),
    ...createRenewalActivities(dependencies),
    ...createDigestActivities(db, integrations.mailer),
    ...createNextPlaybookPlanActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
