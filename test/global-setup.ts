import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { ensureTemporalCli, ensureTestServer } from '../toolchain/temporal-binaries';
import { TEST_ENV } from './helpers/test-env';

/**
 * Runs once before all test files: provisions the Temporal binaries, bundles the
 * workflow code once for every worker the tests start, and finds the Postgres
 * server for the Postgres half of the integration tests. Results reach the
 * test workers through environment variables.
 */
export default async function globalSetup(): Promise<void> {
  const log = (message: string) => process.stdout.write(`[test setup] ${message}\n`);
  const [cli, testServer] = await Promise.all([ensureTemporalCli(log), ensureTestServer(log)]);
  process.env[TEST_ENV.temporalCli] = JSON.stringify(cli);
  process.env[TEST_ENV.testServer] = JSON.stringify(testServer);

  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: silentLogger });
  const bundlePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-test-')), 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);
  process.env[TEST_ENV.workflowBundle] = bundlePath;

  const postgresUrl = process.env[TEST_ENV.postgresUrl];
  const reason = postgresUrl ? await unreachable(postgresUrl) : `${TEST_ENV.postgresUrl} is not set`;
  if (reason) {
    delete process.env[TEST_ENV.postgresUrl];
    const banner = '!'.repeat(100);
    process.stdout.write(
      `\n${banner}\n!! POSTGRES 15 INTEGRATION TESTS WILL BE SKIPPED: ${reason}.\n` +
        `!! Set ${TEST_ENV.postgresUrl}=postgresql://user:password@host:5432/db (a role that may CREATE DATABASE) to run them.\n${banner}\n\n`,
    );
  }
}

async function unreachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `cannot reach ${TEST_ENV.postgresUrl} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const ignore = () => undefined;
const silentLogger = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: console.error, log: ignore };
