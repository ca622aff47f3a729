import net from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '../toolchain/temporal-binaries';

export interface EmbeddedTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * A Temporal dev server for local mode, keeping its state in a SQLite file under
 * the data folder so runs survive restarts. Started through the SDK's
 * ephemeral-server launcher, which owns the child process and its shutdown.
 */
export async function startEmbeddedTemporal(options: {
  dataDir: string;
  namespace: string;
  port: number;
  uiPort: number;
  log: (message: string) => void;
}): Promise<EmbeddedTemporal> {
  for (const port of [options.port, options.uiPort]) {
    if (await portInUse(port)) {
      throw new Error(
        `Port ${port} is already in use, so the embedded Temporal dev server cannot start. ` +
          'Stop whatever holds it, or set TEMPORAL_ADDRESS to use a Temporal server that is already running.',
      );
    }
  }
  const executable = await ensureTemporalCli(options.log);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port: options.port,
      namespace: options.namespace,
      dbFilename: path.join(options.dataDir, 'temporal.sqlite'),
      ui: true,
      uiPort: options.uiPort,
    },
  });
  return {
    address: env.address,
    uiUrl: `http://localhost:${options.uiPort}`,
    stop: () => env.teardown(),
  };
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.once('listening', () => probe.close(() => resolve(false)));
    probe.listen(port, '127.0.0.1');
  });
}
