/** Production worker process: polls the task queue against an existing Temporal server and Postgres. */
import { runBaton } from '../runtime/baton';
import { loadConfig, requireExternalServices } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { runUntilSignalled } from '../runtime/process-lifecycle';
import { installTemporalRuntime, temporalTarget } from '../runtime/temporal';

runUntilSignalled(async (onStop) => {
  const config = loadConfig();
  installTemporalRuntime(config.logLevel);
  requireExternalServices(config);
  const baton = await runBaton({
    temporal: temporalTarget(config, config.temporal.address),
    taskQueue: config.temporal.taskQueue,
    databaseUrl: config.databaseUrl,
    logger: createLogger(config.logLevel, 'baton-worker'),
    runWorker: true,
    workflowBundlePath: config.workflowBundlePath,
  });
  onStop(() => baton.stop());
  return baton.workerDone;
});
