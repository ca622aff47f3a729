import type { Database } from '../../db/prisma';
import type { Logger } from '../../runtime/logger';
import type { HealthCheckConfig } from '../renewal/health-check';
import type { ProvisioningConfig } from '../poc/provisioning';
import type { Mailer } from './notices/mailer';
import type { NotificationSink } from './notifications';

export interface Integrations {
  /** Where notifications go (a log sink when no webhook is configured). */
  sinks: readonly NotificationSink[];
  provisioning: ProvisioningConfig;
  /** The renewal health source; without one, renewals wait for figures posted through the API. */
  renewalHealth?: HealthCheckConfig;
  /** Where personal mail goes; without one, digests are skipped (tests without mail). */
  mailer?: Mailer;
}

/** What every playbook's activity factory is given by the worker (tests give fakes or a test database). */
export interface ActivityDependencies {
  db: Database;
  integrations: Integrations;
  logger: Logger;
}
