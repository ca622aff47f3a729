import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type NativeConnection,
  type Worker,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { createApp, type ApiSettings } from '../api/app';
import { connectDatabase, DEFAULT_MAX_CONNECTIONS, type Database } from '../db/prisma';
import { seedShippedData } from '../db/shipped-data';
import type { HealthCheckConfig } from '../activities/renewal/health-check';
import type { ProvisioningConfig } from '../activities/poc/provisioning';
import { createMailer } from '../activities/shared/notices/mailer';
import { ConfigError, type MailConfig, type NotifyWebhook } from './config';
import { digestScheduler } from '../api/people/digest-schedule';
import { startMailSender, type MailSender } from './mail-sender';
import { startWebhookSender } from './webhook-sender';
import type { Logger } from './logger';
import { connectClient, connectWorker, type TemporalTarget } from './temporal';
import { tracedBundlePath, WORKFLOW_TRACING_MODULES, type Tracing } from './tracing';
import { activitySlotsFor, createWorker } from './worker';
import { WorkerObservability } from './worker-observability';

/**
 * Room for every URL the API's schemas accept, so a long one gets the API's own answer (a 400 naming
 * the parameter, or a 404) rather than Node's bare 431: ids of up to 500 characters and filter lists of
 * up to 1,000, percent-encoded at up to 12 bytes a character, come to over 20 KB (Node's default is 16 KiB).
 */
const MAX_REQUEST_HEAD_BYTES = 64 * 1024;

export interface BatonOptions {
  temporal: TemporalTarget;
  taskQueue: string;
  databaseUrl: string;
  /** PGlite (the tests' PGlite half) serves one connection; a real Postgres takes the pool default. */
  dbMaxConnections?: number;
  logger: Logger;
  /** Runs the API on this port (0 picks a free one); no API when omitted. */
  apiPort?: number;
  /** The address the API listens on; every IPv4 interface (0.0.0.0) when omitted. */
  apiHost?: string;
  /** Required with apiPort. */
  api?: ApiSettings;
  runWorker: boolean;
  /** Where the worker delivers notifications; none means they are only logged. */
  notifyWebhooks?: NotifyWebhook[];
  /** Where the worker orders POC environments; unset means by hand. */
  pocProvisioning?: ProvisioningConfig;
  /** The renewal health source; unset means figures are posted through the API. */
  renewalHealth?: HealthCheckConfig;
  /** Path of a pre-built workflow bundle; bundled from source when omitted. */
  workflowBundlePath?: string;
  /** How the worker sends mail notices and digests; no mail is sent when omitted. */
  mail?: MailConfig;
  /** The worker's /metrics and /healthz on this port (0 picks a free one); none when omitted. */
  workerHttp?: { port: number; host: string; sdkMetricsUrl?: string };
  /** OpenTelemetry tracing (TRACING=otlp); off when omitted. */
  tracing?: Tracing;
}

export interface RunningBaton {
  /** Base URL of the API, when it runs. */
  apiUrl?: string;
  db: Database;
  client?: Client;
  /** Settles when the worker stops, rejecting if it failed. */
  workerDone?: Promise<void>;
  /** Base URL of the worker's /metrics and /healthz, when served. */
  workerHttpUrl?: string;
  stop(): Promise<void>;
}

/** Starts the worker and/or the API against an existing Temporal server and database. */
export async function runBaton(options: BatonOptions): Promise<RunningBaton> {
  const { logger } = options;
  const db = connectDatabase(options.databaseUrl, { maxConnections: options.dbMaxConnections });
  let worker: Worker | undefined;
  let workerConnection: NativeConnection | undefined;
  let workerDone: Promise<void> | undefined;
  let client: Client | undefined;
  let server: Server | undefined;
  let mailSender: MailSender | undefined;
  let webhookSender: { stop(): Promise<void> } | undefined;
  let workerHttp: Server | undefined;
  let workerHttpUrl: string | undefined;
  const stop = async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    if (workerHttp) await new Promise<void>((resolve) => workerHttp!.close(() => resolve()));
    await mailSender?.stop();
    await webhookSender?.stop();
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await workerDone?.catch(() => undefined);
    await workerConnection?.close();
    await client?.connection.close();
    await db.$disconnect();
  };
  try {
    if (options.runWorker) {
      workerConnection = await connectWorker(options.temporal);
      const mailer = options.mail ? createMailer(options.mail) : undefined;
      const observability = new WorkerObservability(db, () => worker, options.workerHttp?.sdkMetricsUrl);
      worker = await createWorker({
        connection: workerConnection,
        namespace: options.temporal.namespace,
        taskQueue: options.taskQueue,
        db,
        logger,
        notifyWebhooks: options.notifyWebhooks,
        pocProvisioning: options.pocProvisioning,
        renewalHealth: options.renewalHealth,
        mailer,
        workflowBundle: await workerBundle(options.workflowBundlePath, options.tracing !== undefined),
        activityInterceptors: [observability.activityInterceptor()],
        activitySlots: activitySlotsFor(options.dbMaxConnections ?? DEFAULT_MAX_CONNECTIONS),
        plugins: options.tracing ? [options.tracing.workerPlugin] : [],
      });
      workerDone = worker.run();
      webhookSender = startWebhookSender(db, logger);
      if (options.workerHttp) {
        const listening = await observability.listen(options.workerHttp.port, options.workerHttp.host);
        workerHttp = listening.server;
        workerHttpUrl = listening.url;
        logger.info({ url: workerHttpUrl }, 'worker metrics and health listening');
      }
      logger.info({ taskQueue: options.taskQueue }, 'worker polling');
      if (mailer) {
        mailSender = startMailSender(db, mailer, logger);
        logger.info(
          { smtp: mailer.settings.smtpUrl ? 'SMTP_URL' : `caught in ${mailer.settings.catchDir}` },
          'mail sender running',
        );
      }
    }
    let apiUrl: string | undefined;
    if (options.apiPort !== undefined) {
      if (!options.api) throw new Error('runBaton: apiPort needs api settings');
      await seedShippedData(db);
      client = await connectClient(options.temporal, options.tracing);
      const digests = await digestScheduler(client, options.taskQueue).scheduleAll(db);
      if (digests > 0) logger.info({ digests }, 'digest schedules in place');
      const app = createApp({
        client,
        db,
        taskQueue: options.taskQueue,
        logger,
        settings: { ...options.api, tracing: options.tracing !== undefined },
      });
      const host = options.apiHost ?? '0.0.0.0';
      const listening = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, app).listen(options.apiPort, host);
      server = listening;
      await new Promise<void>((resolve, reject) => {
        listening.once('listening', resolve);
        listening.once('error', reject);
      });
      apiUrl = `http://${urlHost(host)}:${(listening.address() as AddressInfo).port}`;
      logger.info({ url: apiUrl }, 'API listening');
    }
    return { apiUrl, db, client, workerDone, workerHttpUrl, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * A traced worker runs the bundle built with the workflow tracing interceptors: `npm run build` writes it
 * beside the plain one, and without a pre-built bundle the worker bundles it from source itself (the SDK
 * would add Temporal's interceptors but not Baton's, which must sit on both sides of them).
 */
async function workerBundle(
  bundlePath: string | undefined,
  traced: boolean,
): Promise<WorkflowBundleOption | undefined> {
  if (!traced) return bundlePath ? { codePath: bundlePath } : undefined;
  if (!bundlePath) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      workflowInterceptorModules: WORKFLOW_TRACING_MODULES,
      logger: new DefaultLogger('WARN'),
    });
    return { code };
  }
  const tracedPath = tracedBundlePath(bundlePath);
  if (!fs.existsSync(tracedPath)) {
    throw new ConfigError(
      `Invalid configuration:\n  TRACING=otlp needs the traced workflow bundle ${tracedPath} next to WORKFLOW_BUNDLE_PATH (\`npm run build\` writes both)`,
    );
  }
  return { codePath: tracedPath };
}

/** How to reach the API from this machine: localhost when it listens everywhere, else the address it binds. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
