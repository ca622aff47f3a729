import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Database } from '../db/prisma';

const CHECK_TIMEOUT_MS = 2000;

/** Liveness and readiness probes; they answer without auth. */
export function healthRoutes({ client, db }: { client: Client; db: Database }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      probe(() => client.connection.workflowService.getSystemInfo({})),
      probe(() => db.$queryRaw`SELECT 1`),
    ]);
    const ready = temporal === 'ok' && database === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: { temporal, database } });
  });
  return router;
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
