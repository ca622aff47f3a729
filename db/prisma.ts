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

export function connectDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const pool = new ReleasingPool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    // A request waits this long for a free connection, then fails (503) instead of hanging.
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
