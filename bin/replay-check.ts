/**
 * Replays every open workflow's history against this checkout's workflow code and lists the ones
 * that fail (a nondeterminism error: the run would be stuck). The README says how to repair one.
 *
 *   npm run replay-check                      # TEMPORAL_ADDRESS, or local mode's dev server
 *   npm run replay-check -- --query '<visibility query>'
 */
import { loadConfig } from '../runtime/config';
import { openWorkflowsOn, replayWorkflows } from '../runtime/replay-check';
import { connectClient, installTemporalRuntime, temporalTarget } from '../runtime/temporal';

async function main(): Promise<number> {
  const config = loadConfig();
  installTemporalRuntime(config.logLevel);
  // Local mode's dev server listens on its fixed port while `npm start` runs.
  const address = config.temporal.address ?? `localhost:${config.temporal.devServerPort}`;
  const queryFlag = process.argv.indexOf('--query');
  const query = (queryFlag > 0 && process.argv[queryFlag + 1]) || openWorkflowsOn(config.temporal.taskQueue);
  const client = await connectClient(temporalTarget(config, address));
  try {
    const code = config.workflowBundlePath
      ? { workflowBundle: { codePath: config.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') };
    console.log(`replaying the histories of: ${query} (Temporal at ${address})`);
    const report = await replayWorkflows(client, code, query);
    for (const failure of report.failures) {
      console.log(`FAILS  ${failure.workflowId}  run ${failure.runId}\n       ${failure.message}`);
    }
    console.log(`${report.replayed} histories replayed, ${report.failures.length} failed`);
    if (report.failures.length > 0) {
      console.log(
        'Repair a failing run with `temporal workflow reset` (see the README, "Runs that cannot be replayed").',
      );
    }
    return report.failures.length > 0 ? 1 : 0;
  } finally {
    await client.connection.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`replay-check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
