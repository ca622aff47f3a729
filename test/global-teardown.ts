import { EMBEDDED_POSTGRES, type GlobalWithPostgres } from './helpers/test-env';

/** Runs once after all test files: stops the embedded Postgres the global setup started, if it did. */
export default async function globalTeardown(): Promise<void> {
  const global = globalThis as GlobalWithPostgres;
  await global[EMBEDDED_POSTGRES]?.stop();
  delete global[EMBEDDED_POSTGRES];
}
