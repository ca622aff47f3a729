import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from '../activities';
import { notificationSinks } from '../activities/shared/notifications';
import type { HealthCheckConfig } from '../activities/renewal/health-check';
import type { ProvisioningConfig } from '../activities/poc/provisioning';
import type { Mailer } from '../activities/shared/notices/mailer';
import type { Database } from '../db/prisma';
import type { NotifyWebhook } from './config';
import type { Logger } from './logger';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  logger: Logger;
  notifyWebhooks?: NotifyWebhook[];
  pocProvisioning?: ProvisioningConfig;
  renewalHealth?: HealthCheckConfig;
  mailer?: Mailer;
  /** A pre-built bundle (production, tests); bundled from source when omitted. */
  workflowBundle?: WorkflowBundleOption;
}

export function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(
      options.db,
      {
        sinks: notificationSinks(options.notifyWebhooks),
        provisioning: options.pocProvisioning ?? {},
        renewalHealth: options.renewalHealth,
        mailer: options.mailer,
      },
      options.logger,
    ),
    // On shutdown, let in-flight activities (read-model writes) finish rather than cancel them.
    shutdownGraceTime: '10 seconds',
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
