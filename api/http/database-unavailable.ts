/**
 * Whether an error means the database cannot be used right now (down, restarting, unreachable, out
 * of connections), as opposed to a query that is wrong. Such errors answer 503 with Retry-After: the
 * request may succeed once the database is back. They arrive in several wrappings: Prisma's own codes,
 * the pg adapter's error kinds inside Prisma's `meta`, and pg's raw errors (with or without a cause chain).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    if (signalsOutage(next as Record<string, unknown>)) return true;
    const { cause, meta } = next as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    pending.push(cause, meta?.driverAdapterError);
  }
  return false;
}

/** Prisma: cannot reach, timed out, database missing, server closed the connection, no pooled connection in time. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1003', 'P1008', 'P1017', 'P2024']);

/** @prisma/adapter-pg's kinds for a connection that failed or is gone. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** pg's messages for a lost connection or an exhausted pool; they carry no code. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /^Client was closed and is not queryable/,
];

function signalsOutage(error: Record<string, unknown>): boolean {
  const { name, code, kind, originalCode, message } = error;
  if (name === 'PrismaClientInitializationError') return true;
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || isOutageState(code)))
    return true;
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  if (typeof originalCode === 'string' && isOutageState(originalCode)) return true;
  return typeof message === 'string' && PG_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * SQLSTATEs of a server that cannot serve: connection exceptions (class 08), shutting down or starting
 * (57P01-57P03), too many connections (53300).
 */
function isOutageState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}
