import { EMBEDDED_POSTGRES, TEST_ENV, type GlobalWithPostgres } from './helpers/test-env';

/** Runs once after all test files: stops the embedded Postgres the global setup started, if it did. */
export default async function globalTeardown(): Promise<void> {
  const global = globalThis as GlobalWithPostgres;
  const server = global[EMBEDDED_POSTGRES];
  if (!server) return;
  await server.stop();
  delete global[EMBEDDED_POSTGRES];
  // In watch mode the next run's setup must not take the stopped server for one the user gave.
  delete process.env[TEST_ENV.postgresUrl];
}
