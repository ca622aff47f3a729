import { freePort } from '../../runtime/free-port';
import { collectUntilExit, spawnEntryPoint, waitForOutput } from './processes';
import { temporalCliExecutable, workflowBundlePath } from './test-env';

export { freePort };

/** `npm start` as a user runs it, on a data folder and free ports (or the Temporal ports given), until "Baton is ready". */
export async function startLocalMode(dataDir: string, ports: { temporalPort?: number; uiPort?: number } = {}) {
  const [apiPort, temporalPort, uiPort] = await Promise.all([
    freePort(),
    ports.temporalPort ?? freePort(),
    ports.uiPort ?? freePort(),
  ]);
  const cli = temporalCliExecutable();
  const child = spawnEntryPoint('start.ts', {
    BATON_DATA_DIR: dataDir,
    PORT: String(apiPort),
    TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
    ...(cli.type === 'existing-path' ? { TEMPORAL_CLI_PATH: cli.path } : {}),
  });
  const exited = collectUntilExit(child);
  // A first start may move a PGlite folder across before it is ready.
  await waitForOutput(child, 'Baton is ready', 120_000);
  return { child, exited, apiUrl: `http://127.0.0.1:${apiPort}`, temporalPort, uiPort };
}
