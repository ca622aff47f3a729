import { runBaton } from './baton';
import { loadConfig, requireExternalServices, requireProductionAuth } from './config';
import { requireReachableTemporal, requireUsableDatabase } from './dependency-checks';
import { freePort } from './free-port';
import { createLogger } from './logger';
import { runUntilSignalled } from './process-lifecycle';
import { installTemporalRuntime, temporalTarget } from './temporal';
import { startTracing } from './tracing';

/**
 * A production process with one role, against an existing Temporal server and
 * Postgres: scale each role out by running more of it.
 */
export function runStandaloneProcess(role: 'api' | 'worker'): void {
  runUntilSignalled(async (onStop) => {
    const config = loadConfig();
    // The worker's SDK runtime metrics: Core serves them on loopback, the worker's /metrics appends them.
    const sdkMetricsAddress = role === 'worker' ? `127.0.0.1:${await freePort()}` : undefined;
    installTemporalRuntime(config.logLevel, sdkMetricsAddress);
    requireExternalServices(config);
    if (role === 'api') requireProductionAuth(config);
    const temporal = temporalTarget(config, config.temporal.address);
    const tracing = config.tracing ? startTracing(`baton-${role}`) : undefined;
    await requireUsableDatabase(config.databaseUrl);
    await requireReachableTemporal(temporal);
    const baton = await runBaton({
      temporal,
      taskQueue: config.temporal.taskQueue,
      databaseUrl: config.databaseUrl,
      logger: createLogger(config.logLevel, `baton-${role}`),
      apiPort: role === 'api' ? config.port : undefined,
      apiHost: config.apiHost ?? '0.0.0.0',
      api: {
        auth: config.auth,
        devLogin: false,
        corsOrigins: config.corsOrigins,
        rateLimitPerMinute: config.rateLimitPerMinute,
        failedAuthPerMinute: config.failedAuthPerMinute,
        trustProxy: config.trustProxy,
        pocAutoApproveBelowAmount: config.pocAutoApproveBelowAmount,
        mail: config.mail,
        // The standalone API is production: the board's source maps stay private.
        serveSourceMaps: false,
      },
      runWorker: role === 'worker',
      workflowBundlePath: config.workflowBundlePath,
      notifyWebhooks: config.notifyWebhooks,
      pocProvisioning: config.pocProvisioning,
      renewalHealth: config.renewalHealth,
      mail: config.mail,
      workerHttp:
        role === 'worker' ? { ...config.workerHttp, sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics` } : undefined,
      tracing,
    });
    onStop(async () => {
      await baton.stop();
      await tracing?.shutdown();
    });
    // The API serves until signalled; a worker's run ends only when it stops or fails.
    return role === 'worker' ? baton.workerDone : new Promise(() => undefined);
  });
}
