import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { ensureTemporalCli, ensureTestServer } from '../toolchain/temporal-binaries';
import { EMBEDDED_POSTGRES, TEST_ENV, type GlobalWithPostgres } from './helpers/test-env';

/**
 * Runs once before all test files: provisions the Temporal binaries, bundles the
 * workflow code once for every worker the tests start, and provides the Postgres
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

  await providePostgresServer(log);
}

/**
 * The Postgres half of the integration tests runs on the server TEST_POSTGRES_URL names (CI's
 * Postgres 15), or else on an embedded PostgreSQL started here for the whole run and stopped by
 * test/global-teardown.ts. Either way both halves run: nothing is skipped.
 */
async function providePostgresServer(log: (message: string) => void): Promise<void> {
  const given = process.env[TEST_ENV.postgresUrl];
  if (given) {
    const reason = await unreachable(given);
    if (reason)
      throw new Error(`${reason}. Fix the URL, or unset ${TEST_ENV.postgresUrl} to use an embedded Postgres.`);
    log(`Postgres half of the integration tests: the server ${TEST_ENV.postgresUrl} names`);
    return;
  }
  const started = Date.now();
  const server = await startEmbeddedPostgres({ log });
  (globalThis as GlobalWithPostgres)[EMBEDDED_POSTGRES] = server;
  process.env[TEST_ENV.postgresUrl] = server.url;
  log(
    `Postgres half of the integration tests: an embedded PostgreSQL (${server.url}, up in ${Date.now() - started} ms)`,
  );
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
