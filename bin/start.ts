/**
 * Local all-in-one mode: a Temporal dev server and an embedded Postgres (unless
 * TEMPORAL_ADDRESS / DATABASE_URL point elsewhere), migrations, the worker and the API.
 */
import fs from 'node:fs';
import { applyMigrations } from '../db/migrate';
import { runBaton } from '../runtime/baton';
import { reprojectIfLost } from '../runtime/reproject';
import { loadConfig } from '../runtime/config';
import { startEmbeddedTemporal } from '../runtime/embedded-temporal';
import { localDevJwtSecret } from '../runtime/dev-auth';
import { localDatabaseFolders } from '../db/pglite-migration';
import { startLocalDatabase } from '../runtime/local-database';
import { createLogger } from '../runtime/logger';
import { runUntilSignalled } from '../runtime/process-lifecycle';
import { installTemporalRuntime, temporalTarget } from '../runtime/temporal';
import { startTracing } from '../runtime/tracing';
import { ensureWebBoard } from '../web/build';

runUntilSignalled(async (onStop) => {
  const startedAt = Date.now();
  const config = loadConfig();
  installTemporalRuntime(config.logLevel);
  const logger = createLogger(config.logLevel);
  // npm install builds the web board; a checkout changed since is rebuilt here. Without it the API still runs.
  await ensureWebBoard((message) => logger.info(message)).catch((error: unknown) =>
    logger.warn({ err: error }, 'the web board could not be built; the API runs without it'),
  );
  fs.mkdirSync(config.dataDir, { recursive: true });

  let temporalAddress = config.temporal.address;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    logger.info('starting the Temporal dev server');
    const temporal = await startEmbeddedTemporal({
      dataDir: config.dataDir,
      namespace: config.temporal.namespace,
      port: config.temporal.devServerPort,
      uiPort: config.temporal.uiPort,
      log: (message) => logger.info(message),
    });
    onStop(() => temporal.stop());
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  }

  let databaseUrl = config.databaseUrl;
  let databaseLost = new Promise<never>(() => undefined);
  let databaseFolder: string | undefined;
  if (!databaseUrl) {
    logger.info('starting the embedded PostgreSQL');
    const postgres = await startLocalDatabase(config.dataDir, (message) => logger.info(message)).catch(
      (error: unknown) => {
        // Name the folder and the repair: a damaged one otherwise surfaces only as the server's own words.
        const folder = localDatabaseFolders(config.dataDir).postgres;
        throw new Error(
          `the embedded database in ${folder} cannot be opened (${error instanceof Error ? error.message : String(error)}). ` +
            'Move that folder aside (or restore it from a backup) and start again: Baton then rebuilds the read model from Temporal.',
        );
      },
    );
    onStop(() => postgres.stop());
    databaseUrl = postgres.url;
    databaseLost = postgres.lost;
    databaseFolder = postgres.folder;
  }
  await applyMigrations(databaseUrl);

  // Without an identity provider configured, local mode signs its own development logins.
  const realAuth = Boolean(config.auth.jwtSecret || config.auth.jwksUrl);
  const devLogin = config.auth.devLogin ?? !realAuth;
  const auth = realAuth ? config.auth : { ...config.auth, jwtSecret: localDevJwtSecret(config.dataDir) };

  const mail = { ...config.mail, secret: config.mail.secret ?? auth.jwtSecret };
  const tracing = config.tracing ? startTracing('baton') : undefined;
  if (tracing) onStop(() => tracing.shutdown());
  const baton = await runBaton({
    temporal: temporalTarget(config, temporalAddress),
    taskQueue: config.temporal.taskQueue,
    databaseUrl,
    logger,
    apiPort: config.port,
    // Anyone who reaches a development login signs in as anyone: only this machine may, unless API_HOST says otherwise.
    apiHost: config.apiHost ?? (devLogin ? '127.0.0.1' : '0.0.0.0'),
    api: {
      auth,
      devLogin,
      corsOrigins: config.corsOrigins,
      rateLimitPerMinute: config.rateLimitPerMinute,
      failedAuthPerMinute: config.failedAuthPerMinute,
      trustProxy: config.trustProxy,
      pocAutoApproveBelowAmount: config.pocAutoApproveBelowAmount,
      mail,
      // Local development gets the board's source maps, unless NODE_ENV=production says otherwise.
      serveSourceMaps: !config.production,
    },
    runWorker: true,
    workflowBundlePath: config.workflowBundlePath,
    notifyWebhooks: config.notifyWebhooks,
    pocProvisioning: config.pocProvisioning,
    renewalHealth: config.renewalHealth,
    mail,
    tracing,
  });
  onStop(() => baton.stop());
  // A lost or emptied database folder: the runs live on in Temporal, so the lists are rebuilt from them.
  if (baton.client) {
    await reprojectIfLost(baton.client, baton.db, config.temporal.taskQueue, (message) => logger.info(message));
  }

  const lines = [
    `Baton is ready (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    `  Board        ${baton.apiUrl}/   (${devLogin ? 'sign in as anyone: local mode' : 'sign in with a bearer token'})`,
    `  API          ${baton.apiUrl}/api   (docs: ${baton.apiUrl}/api/docs, health: ${baton.apiUrl}/readyz)`,
    devLogin ? `  Dev login    POST ${baton.apiUrl}/api/dev/login  (local mode only; see README)` : undefined,
    `  Temporal     ${temporalAddress} namespace ${config.temporal.namespace}`,
    temporalUi ? `  Temporal UI  ${temporalUi}` : undefined,
    `  Postgres     ${databaseFolder ? `${databaseUrl} (embedded PostgreSQL, data in ${databaseFolder})` : 'DATABASE_URL'}`,
    '  Stop with Ctrl-C.',
  ];
  process.stdout.write(`\n${lines.filter(Boolean).join('\n')}\n\n`);
  return Promise.race([baton.workerDone, databaseLost]);
});
