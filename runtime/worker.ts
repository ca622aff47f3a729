import {
  Worker,
  type ActivityInterceptorsFactory,
  type NativeConnection,
  type WorkerPlugin,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { createActivities } from '../activities';
import { notificationSinks } from '../activities/shared/notifications';
import type { HealthCheckConfig } from '../activities/renewal/health-check';
import type { ProvisioningConfig } from '../activities/poc/provisioning';
import type { Mailer } from '../activities/shared/notices/mailer';
import type { Database } from '../db/prisma';
import type { NotifyWebhook } from './config';
import type { Logger } from './logger';

/** How many workflow runs a worker keeps in memory between their tasks. */
const MAX_CACHED_WORKFLOWS = 500;

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
  /** Activity interceptors (the worker's metrics time projections with one). */
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** How many activities run at once; `activitySlotsFor` sizes it from the database pool. */
  activitySlots: number;
  /** Worker plugins (OpenTelemetry tracing, when on). */
  plugins?: WorkerPlugin[];
}

/** Connections the worker's outbox senders (mail, webhooks) and health checks keep for themselves. */
const CONNECTIONS_FOR_SENDERS = 2;
/** Outside calls (a provisioner, a health source) hold a slot for up to 30 s without a connection. */
const MIN_ACTIVITY_SLOTS = 4;

/**
 * Activity slots that agree with the database pool: nearly every activity is a projection holding one
 * connection for its transaction, and the SDK's default of 100 slots on a pool of 10 left projections
 * queueing for a connection until their transaction gave up (P2028) and Temporal retried them.
 */
export function activitySlotsFor(poolSize: number): number {
  return Math.max(MIN_ACTIVITY_SLOTS, poolSize - CONNECTIONS_FOR_SENDERS);
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
    // A cached launch run holds about 0.9-1.7 MiB (its sandbox context and state; bench/engine.ts measures it), so
    // the SDK's default (sized from the heap) let a worker reach 4.5 GB at 5,000 open runs. 500 keeps it near 1 GB; a
    // run evicted from the cache replays its history on its next task, which costs CPU, not correctness.
    maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
    maxConcurrentActivityTaskExecutions: options.activitySlots,
    interceptors: { activity: options.activityInterceptors ?? [] },
    plugins: options.plugins ?? [],
    // On shutdown, let in-flight activities (read-model writes) finish rather than cancel them.
    shutdownGraceTime: '10 seconds',
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
