import { ensureTemporalServer } from '../../toolchain/temporal-server';
import globalSetup from '../global-setup';
import { TEST_ENV } from '../helpers/test-env';

/** The integration suites' setup (CLI, workflow bundle, Postgres) plus the real Temporal server. */
export default async function clusterGlobalSetup(): Promise<void> {
  await globalSetup();
  const install = await ensureTemporalServer((message) => process.stdout.write(`[test setup] ${message}\n`));
  process.env[TEST_ENV.temporalServer] = JSON.stringify(install);
}
