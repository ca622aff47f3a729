import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import type { WorkerPresence } from '../http/worker-presence';

const CHECK_TIMEOUT_MS = 2000;

const readinessSchema = z
  .object({
    status: z.literal('ready'),
    checks: z.object({ temporal: z.string(), database: z.string(), worker: z.string() }),
  })
  .meta({ id: 'Readiness' });

/** Liveness and readiness probes; they answer without auth. */
export function healthRoutes({ client, db, workers }: { client: Client; db: Database; workers: WorkerPresence }) {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'liveness',
      summary: 'Liveness',
      tag: 'Health',
      permission: 'public',
      responses: { 200: { description: 'The process is up', schema: z.object({ status: z.literal('ok') }) } },
      async handle() {
        return { status: 200, body: { status: 'ok' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'readiness',
      summary: 'Readiness',
      tag: 'Health',
      permission: 'public',
      responses: {
        200: {
          description: 'Temporal and the database answer, and a worker polls the task queue',
          schema: readinessSchema,
        },
        503: { description: 'Temporal or the database does not answer, or no worker polls the task queue' },
      },
      async handle() {
        const [temporal, database, worker] = await Promise.all([
          probe(() => client.connection.workflowService.getSystemInfo({})),
          probe(() => db.$queryRaw`SELECT 1`),
          probe(() => workers.require()),
        ]);
        const checks = { temporal, database, worker };
        if (temporal !== 'ok' || database !== 'ok' || worker !== 'ok') {
          throw new Problem(
            503,
            'Not ready',
            'Temporal or the database does not answer, or no worker polls the task queue',
            { checks },
            undefined,
            { 'Retry-After': '5' },
          );
        }
        return { status: 200, body: { status: 'ready', checks } };
      },
    }),
  ];
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
