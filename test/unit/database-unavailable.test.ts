import { Prisma } from '../../db/generated/client';
import { connectDatabase } from '../../db/prisma';
import { isDatabaseUnavailable } from '../../api/http/database-unavailable';
import { toProblem } from '../../api/http/error-handler';

/** What a pg client error looks like: a message, and for server errors a SQLSTATE code and severity. */
function pgError(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), fields);
}

function known(code: string, meta: Record<string, unknown> = {}) {
  return new Prisma.PrismaClientKnownRequestError(`failed (${code})`, { code, clientVersion: '6.19.3', meta });
}

describe('a database that cannot be reached', () => {
  // A real client against a closed port: the errors Prisma and the pg adapter really raise.
  const db = connectDatabase('postgresql://nobody:nothing@127.0.0.1:1/baton');
  afterAll(() => db.$disconnect());

  it.each([
    ['a model query', () => db.launchRun.findMany({ take: 1 })],
    ['a raw query', () => db.$queryRaw`SELECT 1`],
    ['a transaction', () => db.$transaction([db.launchRun.count()])],
    ['an interactive transaction', () => db.$transaction((tx) => tx.launchRun.count())],
  ])('is recognised in %s and answers 503 with Retry-After', async (_what, query) => {
    const error: unknown = await query().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeDefined();
    expect(isDatabaseUnavailable(error)).toBe(true);
    const problem = toProblem(error);
    expect(problem.status).toBe(503);
    expect(problem.title).toBe('Database unavailable');
    expect(problem.detail).toBe('The database cannot be reached right now; try again shortly');
    expect(problem.headers['Retry-After']).toMatch(/^\d+$/);
    expect(JSON.stringify(problem.toJSON('/x'))).not.toContain('127.0.0.1');
  });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    ['Prisma P1001 (cannot reach the server)', known('P1001')],
    ['Prisma P1002 (the server timed out)', known('P1002')],
    ['Prisma P1017 (the server closed the connection)', known('P1017')],
    ['Prisma P2024 (no connection from the pool in time)', known('P2024')],
    [
      'a raw query whose adapter error says the connection closed',
      known('P2010', { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } } }),
    ],
    [
      'an adapter error for a server shutting down (57P01)',
      known('P2010', {
        driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01' } },
      }),
    ],
    ['Prisma failing to start', new Prisma.PrismaClientInitializationError("Can't reach database server", '6.19.3')],
    ['pg: Connection terminated unexpectedly', pgError('Connection terminated unexpectedly')],
    ['pg: the pool timing out', pgError('timeout exceeded when trying to connect')],
    [
      'pg: connection refused',
      pgError('connect ECONNREFUSED 10.0.0.5:5432', { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 }),
    ],
    [
      'pg: a server in recovery (57P03)',
      pgError('the database system is starting up', { code: '57P03', severity: 'FATAL' }),
    ],
    ['pg: a connection exception (08006)', pgError('connection failure', { code: '08006', severity: 'FATAL' })],
    ['a wrapped cause', new Error('projection failed', { cause: pgError('Connection terminated unexpectedly') })],
  ])('recognises %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(toProblem(error).status).toBe(503);
  });

  it.each([
    ['a unique violation', known('P2002')],
    ['a record not found', known('P2025')],
    ['a syntax error from pg', pgError('syntax error at or near "x"', { code: '42601', severity: 'ERROR' })],
    ['a plain error', new Error('boom')],
    ['a string', 'Connection terminated unexpectedly'],
    ['null', null],
  ])('does not take %s for an outage', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toProblem(error).status).toBe(500);
  });

  it('stops on a cycle of causes', () => {
    const error = new Error('a') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
