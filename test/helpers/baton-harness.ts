import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SignJWT } from 'jose';
import pg from 'pg';
import type { ApiSettings } from '../../api/app';
import type { Role } from '../../domain/shared/roles';
import { startPglite } from '../../db/pglite';
import { applyMigrations } from '../../db/migrate';
import { runBaton, type RunningBaton } from '../../runtime/baton';
import type { MailConfig, NotifyWebhook } from '../../runtime/config';
import type { ProvisioningConfig } from '../../activities/poc/provisioning';
import type { HealthCheckConfig } from '../../activities/renewal/health-check';
import { createLogger } from '../../runtime/logger';
import { requestJson, type ApiResponse } from './http';
import { postgresAdminUrl, temporalCliExecutable, workflowBundlePath } from './test-env';

export { requestJson, type ApiResponse };

export type DatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  /** The embedded PGlite admits one connection; Postgres takes a normal pool. */
  maxConnections?: number;
  drop(): Promise<void>;
}

/** A fresh, migrated database: an in-memory PGlite, or a new database on the test Postgres server. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const embedded = await startPglite();
    await applyMigrations(embedded.url);
    return { kind, url: embedded.url, maxConnections: 1, drop: once(() => embedded.stop()) };
  }
  const adminUrl = postgresAdminUrl();
  const name = `baton_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    kind,
    url: url.toString(),
    drop: once(() => dropDatabase(adminUrl, name)),
  };
}

/**
 * DROP ... WITH (FORCE) ends the database's sessions, but a role without pg_signal_backend may not
 * end an autovacuum worker that happens to be in it (SQLSTATE 42501); that worker is gone a moment later.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}

async function withAdmin<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Both database kinds: the global setup always provides a Postgres server (given, or embedded). */
export function databaseKinds(): DatabaseKind[] {
  return ['pglite', 'postgres'];
}

export interface Identity {
  subject: string;
  roles: Role[];
  regions?: string[];
}

export const OPS_MANAGER: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
export const TEST_JWT_SECRET = 'test-secret-for-baton-integration-tests-only';
export const ALLOWED_ORIGIN = 'https://board.example.com';

/** A bearer token for `identity`, signed as the configured identity provider would. */
export function tokenFor(identity: Identity): Promise<string> {
  return new SignJWT({ roles: identity.roles, regions: identity.regions ?? [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

export interface RequestOptions {
  /** Who calls: an identity (a JWT is minted), a raw bearer token, or null for no Authorization header. Default: an ops manager. */
  as?: Identity | string | null;
  headers?: Record<string, string>;
}

export interface BatonStack {
  temporal: TestWorkflowEnvironment;
  database: TestDatabase;
  baton: RunningBaton;
  apiUrl: string;
  /** Sends a JSON request to the API and returns the status and parsed body. */
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/** API settings for tests: a known JWT secret, one allowed origin, and every response checked against its schema. */
export function testApiSettings(overrides: Partial<ApiSettings> = {}): ApiSettings {
  return {
    auth: { jwtSecret: TEST_JWT_SECRET },
    devLogin: false,
    corsOrigins: [ALLOWED_ORIGIN],
    rateLimitPerMinute: 100_000,
    validateResponses: true,
    ...overrides,
  };
}

export const TEST_TASK_QUEUE = 'baton-test';

/** A real Temporal dev server, a real database, and Baton's worker and API on a free port. */
export async function startBatonStack(
  kind: DatabaseKind,
  options: {
    runWorker?: boolean;
    api?: Partial<ApiSettings>;
    notifyWebhooks?: NotifyWebhook[];
    pocProvisioning?: ProvisioningConfig;
    renewalHealth?: HealthCheckConfig;
    mail?: MailConfig;
  } = {},
): Promise<BatonStack> {
  const temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
  const database = await createTestDatabase(kind).catch(async (error: unknown) => {
    await temporal.teardown();
    throw error;
  });
  const baton = await runBaton({
    temporal: { address: temporal.address, namespace: temporal.namespace ?? 'default', tls: false },
    taskQueue: TEST_TASK_QUEUE,
    databaseUrl: database.url,
    dbMaxConnections: database.maxConnections,
    logger: createLogger('silent'),
    apiPort: 0,
    api: testApiSettings(options.api),
    runWorker: options.runWorker ?? true,
    workflowBundlePath: workflowBundlePath(),
    notifyWebhooks: options.notifyWebhooks,
    pocProvisioning: options.pocProvisioning,
    renewalHealth: options.renewalHealth,
    mail: options.mail,
  });
  const apiUrl = baton.apiUrl!;
  return {
    temporal,
    database,
    baton,
    apiUrl,
    request: (method, path, body, requestOptions) => authorizedRequest(apiUrl, method, path, body, requestOptions),
    async stop() {
      await baton.stop();
      await database.drop();
      await temporal.teardown();
    },
  };
}

export async function authorizedRequest(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  { as = OPS_MANAGER, headers = {} }: RequestOptions = {},
): Promise<ApiResponse> {
  const token = as === null ? undefined : typeof as === 'string' ? as : await tokenFor(as);
  return requestJson(baseUrl, method, path, body, token ? { authorization: `Bearer ${token}`, ...headers } : headers);
}

/** Polls until `read` returns a value that passes `accept`, or fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
