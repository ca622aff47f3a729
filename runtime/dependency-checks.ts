import { Connection } from '@temporalio/client';
import pg from 'pg';
import { ConfigError } from './config';
import { connectionOptions, type TemporalTarget } from './temporal';

const CHECK_TIMEOUT_MS = 10_000;

/**
 * The standalone worker and API check what they depend on before they start: a worker on an
 * unusable database would otherwise poll happily while every projection fails, and a connect error
 * deep in a stack trace does not say which setting to fix. Each failure names the variable.
 */
export async function requireUsableDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
  });
  // An error after connecting (the server going away) must not crash the check itself.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ migrated: boolean }>(
      `SELECT to_regclass('launch_run') IS NOT NULL AS migrated`,
    );
    if (!rows[0]?.migrated) {
      throw new ConfigError(
        `Invalid configuration:\n  DATABASE_URL: the database at ${where(databaseUrl)} has no Baton tables; run \`npm run migrate\` against it first`,
      );
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Invalid configuration:\n  DATABASE_URL: cannot use the database at ${where(databaseUrl)}: ${reason(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function requireReachableTemporal(target: TemporalTarget): Promise<void> {
  try {
    const connection = await Connection.connect({
      ...connectionOptions(target),
      connectTimeout: CHECK_TIMEOUT_MS,
    });
    await connection.close();
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  TEMPORAL_ADDRESS: cannot reach a Temporal server at ${target.address}${tlsNote(target)}: ${reason(error)}`,
    );
  }
}

function tlsNote(target: TemporalTarget): string {
  if (target.tls === false) return '';
  return typeof target.tls === 'object' && target.tls.clientCertPair ? ' (TLS with a client certificate)' : ' (TLS)';
}

/** host:port/database, never the user or password. */
function where(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return '(an unreadable URL)';
  }
}

/** The first line of the error, without credentials (pg and Temporal put none in their messages). */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const { code } = (error ?? {}) as { code?: unknown };
  if (code === 'ECONNREFUSED') return 'nothing accepts connections there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (/ConnectionRefused|Connection refused/i.test(message)) return 'nothing accepts connections there';
  return message.split('\n')[0]!.slice(0, 300);
}
