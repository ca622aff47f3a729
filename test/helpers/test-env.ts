import type { EphemeralServerExecutable } from '@temporalio/testing';
import type { TemporalServerInstall } from '../../toolchain/temporal-server';

/** Environment variables the global setup hands to test files. */
export const TEST_ENV = {
  temporalCli: 'BATON_TEST_TEMPORAL_CLI',
  testServer: 'BATON_TEST_TIME_SKIPPING_SERVER',
  workflowBundle: 'BATON_TEST_WORKFLOW_BUNDLE',
  /** The real Temporal server, its SQL tool and schema (test/cluster/global-setup.ts). */
  temporalServer: 'BATON_TEST_TEMPORAL_SERVER',
  /** The Chromium the browser tests drive, found or provisioned by test/browser/global-setup.ts. */
  chromium: 'BATON_TEST_CHROMIUM',
  /**
   * An admin connection to a Postgres server the tests may create databases on: set by the user or CI,
   * or by the global setup to the embedded PostgreSQL it starts when unset.
   */
  postgresUrl: 'TEST_POSTGRES_URL',
} as const;

/** Where the global setup keeps its embedded Postgres for the global teardown (same process). */
export const EMBEDDED_POSTGRES = Symbol.for('baton.test.embeddedPostgres');
export type GlobalWithPostgres = typeof globalThis & { [EMBEDDED_POSTGRES]?: { stop(): Promise<void> } };

export function temporalCliExecutable(): EphemeralServerExecutable {
  return JSON.parse(requiredEnv(TEST_ENV.temporalCli)) as EphemeralServerExecutable;
}

export function temporalServerInstall(): TemporalServerInstall {
  return JSON.parse(requiredEnv(TEST_ENV.temporalServer)) as TemporalServerInstall;
}

export function timeSkippingServerExecutable(): EphemeralServerExecutable {
  return JSON.parse(requiredEnv(TEST_ENV.testServer)) as EphemeralServerExecutable;
}

export function chromiumPath(): string {
  return requiredEnv(TEST_ENV.chromium);
}

export function workflowBundlePath(): string {
  return requiredEnv(TEST_ENV.workflowBundle);
}

export function postgresAdminUrl(): string {
  return requiredEnv(TEST_ENV.postgresUrl);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest so test/global-setup.ts runs first`);
  return value;
}
