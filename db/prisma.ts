import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { ReleasingPool } from './releasing-pool';

export type Database = PrismaClient;

export interface DatabaseOptions {
  /** Upper bound on pooled connections; the embedded PGlite serves one at a time. */
  maxConnections?: number;
}

/** Long enough for the single embedded connection to come free under load; short enough for a client to retry. */
const CONNECTION_WAIT_MS = 15_000;

/** Connections a process keeps to Postgres unless told otherwise; the worker sizes its activity slots from it. */
export const DEFAULT_MAX_CONNECTIONS = 10;

/**
 * An interactive transaction (a projection) may wait 5 s for a connection (Prisma's 2 s failed projections
 * with P2028 under load) and then run 5 s: together the projection activity's 10 s start-to-close, so no
 * transaction outlives the attempt that Temporal would retry.
 */
const TRANSACTION_OPTIONS = { maxWait: 5_000, timeout: 5_000 };

export function connectDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const pool = new ReleasingPool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    // A request waits this long for a free connection, then fails (503) instead of hanging.
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
