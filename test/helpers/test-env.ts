import type { EphemeralServerExecutable } from '@temporalio/testing';

/** Environment variables the global setup hands to test files. */
export const TEST_ENV = {
  temporalCli: 'BATON_TEST_TEMPORAL_CLI',
  testServer: 'BATON_TEST_TIME_SKIPPING_SERVER',
  workflowBundle: 'BATON_TEST_WORKFLOW_BUNDLE',
  /** Set by the user or CI: an admin connection to a Postgres server the tests may create databases on. */
  postgresUrl: 'TEST_POSTGRES_URL',
} as const;

export function temporalCliExecutable(): EphemeralServerExecutable {
  return JSON.parse(requiredEnv(TEST_ENV.temporalCli)) as EphemeralServerExecutable;
}

export function timeSkippingServerExecutable(): EphemeralServerExecutable {
  return JSON.parse(requiredEnv(TEST_ENV.testServer)) as EphemeralServerExecutable;
}

export function workflowBundlePath(): string {
  return requiredEnv(TEST_ENV.workflowBundle);
}

export function postgresAdminUrl(): string | undefined {
  return process.env[TEST_ENV.postgresUrl];
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest so test/global-setup.ts runs first`);
  return value;
}
