import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { authenticate } from '../../api/auth/authenticate';
import { problemErrorHandler, routeNotFound } from '../../api/http/error-handler';
import { requestId } from '../../api/http/hardening';
import { IdempotencyStore } from '../../api/http/idempotency';
import { mountRoutes } from '../../api/http/mount-routes';
import type { AnyRoute } from '../../api/http/route';
import { connectDatabase, type Database } from '../../db/prisma';
import { createLogger } from '../../runtime/logger';
import { createTestDatabase, testApiSettings, type DatabaseKind, type TestDatabase } from './baton-harness';

/**
 * Some routes, served the way api/app.ts serves them (request ids, authentication, validation of
 * every response, problem+json errors), without Temporal: for read-model routes that never ask it.
 */
export async function serveRoutes(
  db: Database,
  routes: AnyRoute[],
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const logger = createLogger('silent');
  const settings = testApiSettings();
  const app = express();
  app.use(requestId);
  mountRoutes(app, routes, {
    authenticate: authenticate(settings.auth, db),
    idempotency: new IdempotencyStore(db),
    logger,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    validateResponses: true,
  });
  app.use(routeNotFound);
  app.use(problemErrorHandler(logger));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ServedReadModel {
  /** Live from beforeAll on. */
  db: Database;
  baseUrl: string;
}

/**
 * For the describe block it is called in: a fresh database of `kind`, filled by `load` (through the
 * projection activities, as the workflows fill it), with `routes` served over HTTP; all of it gone
 * after the block.
 */
export function servedReadModel(
  kind: DatabaseKind,
  load: (db: Database) => Promise<void>,
  routes: (db: Database) => AnyRoute[],
): ServedReadModel {
  const served = {} as ServedReadModel;
  let database: TestDatabase | undefined;
  let server: Awaited<ReturnType<typeof serveRoutes>> | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    served.db = connectDatabase(database.url, { maxConnections: database.maxConnections });
    await load(served.db);
    server = await serveRoutes(served.db, routes(served.db));
    served.baseUrl = server.baseUrl;
  });
  afterAll(async () => {
    await server?.close();
    await served.db?.$disconnect();
    await database?.drop();
  });
  return served;
}
