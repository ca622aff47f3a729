import type { Client } from '@temporalio/client';
import express, { type RequestHandler } from 'express';
import type { Database } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import { problemErrorHandler, routeNotFound } from './error-handler';
import { healthRoutes } from './health';
import { launchRoutes } from './launches';
import { Problem } from './problem';

export interface AppDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  logger: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(deps));
  app.use('/api', requireJsonBody, express.json({ limit: '256kb' }));
  app.use('/api/launches', launchRoutes(deps));
  app.use(routeNotFound);
  app.use(problemErrorHandler(deps.logger));
  return app;
}

/** A body in anything but JSON is refused outright rather than silently ignored. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.is('application/json') === false) {
    throw new Problem(415, 'Unsupported media type', `Send the body as application/json, not ${req.get('content-type')}`);
  }
  next();
};
