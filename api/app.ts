import type { Client } from '@temporalio/client';
import type { MailConfig } from '../runtime/config';
import express, { type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { Database } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import { auditRoutes } from './admin/audit';
import { calendarRoutes } from './admin/calendars';
import { regionCalendarRoutes } from './admin/region-calendars';
import { renewalTierTemplateRoutes } from './admin/renewal-tier-templates';
import { referenceListRoutes } from './insights/reference-lists';
import { insightsRoutes } from './insights/reports';
import { authenticate, type AuthSettings } from './auth/authenticate';
import { devLoginRoutes } from './admin/dev-login';
import { problemErrorHandler, routeNotFound } from './http/error-handler';
import { healthRoutes } from './admin/health';
import { corsAllowList, requestId, requestLogging, securityHeaders } from './http/hardening';
import { SharedHitCounter } from './http/hit-counter';
import { IdempotencyStore } from './http/idempotency';
import { ApiMetrics, metricsRoute } from './http/metrics';
import { requestTracing } from './http/request-tracing';
import { clientRequiringWorker, WorkerPresence } from './http/worker-presence';
import { launchRoutes } from './launch/routes';
import { dealReadRoutes } from './deal/reads';
import { dealRoutes } from './deal/routes';
import { handoffReadRoutes } from './handoff/reads';
import { handoffRoutes } from './handoff/routes';
import { mountRoutes } from './http/mount-routes';
import { pocReadRoutes } from './poc/reads';
import { caseListCsvRoutes } from './export/case-lists-csv';
import { caseDetailCsvRoutes } from './export/case-detail-csv';
import { pocFieldValuesRoute } from './poc/field-values';
import { pocRoutes } from './poc/routes';
import { renewalReadRoutes } from './renewal/reads';
import { renewalRoutes } from './renewal/routes';
import { launchReadRoutes } from './launch/reads';
import { taskReadRoutes } from './tasks/reads';
import { buildOpenApiDocument } from './http/openapi';
import { Problem } from './http/problem';
import { readerLanguage } from './http/reader-language';
import { apiSays } from './http/api-text';
import { defineRoute, type AnyRoute } from './http/route';
import { templateRoutes } from './admin/templates';
import { tokenRoutes } from './admin/tokens';
import { webBoard } from './admin/web-board';
import { caughtMailRoutes } from './admin/caught-mail';
import { directoryRoutes } from './people/directory';
import { inboxRoutes } from './people/inbox';
import { digestScheduler } from './people/digest-schedule';
import { meRoutes, rememberPeople } from './people/me';
import { calendarFeedRoutes } from './people/calendar-feed';
import { portalRoutes } from './portal/routes';
import { handoffPortalKind, portalStaffRoutes } from './portal/invitations';
import { pocPortalKind, pocPortalRoutes } from './portal/poc-portal';
import { renewalPortalKind, renewalPortalRoutes } from './portal/renewal-portal';
import { authenticatePortal } from './portal/sessions';
import { integrationRoutes } from './integrations/routes';
import { keepRawBody } from './integrations/raw-body';

export interface ApiSettings {
  auth: AuthSettings;
  /** Mount the development login (local mode); it signs with auth.jwtSecret. */
  devLogin: boolean;
  corsOrigins: string[];
  /** Requests a minute per authenticated subject, and per client address on public routes. */
  rateLimitPerMinute: number;
  /** Requests a minute per client address without valid credentials; rateLimitPerMinute when unset. */
  failedAuthPerMinute?: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client address; none when unset. */
  trustProxy?: boolean | number | string[];
  /** POC requests below this amount are approved automatically. */
  pocAutoApproveBelowAmount?: number;
  /** Mail links (unsubscribe) and, in local mode without SMTP_URL, the caught mail the board shows. */
  mail?: MailConfig;
  /** Check every response against the OpenAPI schemas (tests). */
  validateResponses?: boolean;
  /** Serve the board's source maps (*.map): local development only; off by default. */
  serveSourceMaps?: boolean;
  /** A span per request (OpenTelemetry), parent of the Temporal calls it makes; off by default. */
  tracing?: boolean;
}

export interface AppDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  logger: Logger;
  settings: ApiSettings;
}

const BODY_LIMIT = '256kb';

export function createApp(deps: AppDeps): express.Express {
  const { settings, logger } = deps;
  const workers = new WorkerPresence(deps.client, deps.taskQueue);
  const metrics = new ApiMetrics();
  // Routes start, query and update runs only while a worker polls; readiness reports it too.
  const routes = [
    ...apiRoutes({ ...deps, client: clientRequiringWorker(deps.client, workers) }, workers),
    metricsRoute(metrics),
  ];
  const document = buildOpenApiDocument(routes);
  const language = readerLanguage(deps.db);

  const app = express();
  app.disable('x-powered-by');
  // Rate limits count per client address: behind a load balancer, only its X-Forwarded-For says whose.
  app.set('trust proxy', settings.trustProxy ?? false);
  if (settings.tracing) app.use(requestTracing());
  app.use(
    requestId,
    metrics.middleware(),
    requestLogging(logger),
    securityHeaders(),
    corsAllowList(settings.corsOrigins),
  );
  // CRM events are verified over their exact bytes: kept raw, and parsed by the route itself.
  app.use('/api/integrations/:source/events', ...keepRawBody(BODY_LIMIT));
  app.use('/api', requireJsonBody, express.json({ limit: BODY_LIMIT }));
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json' } }));
  mountRoutes(app, routes, {
    authenticate: rememberPeople(deps.db, authenticate(settings.auth, deps.db)),
    authenticatePortal: authenticatePortal(deps.db),
    idempotency: new IdempotencyStore(deps.db),
    logger,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    failedAuthPerMinute: settings.failedAuthPerMinute,
    // Shared through Postgres, so every API replica sees the same counts (within a quarter second).
    hitCounter: new SharedHitCounter(deps.db),
    validateResponses: settings.validateResponses ?? false,
    language,
  });
  // The web board (same origin, same auth through its bearer token); /api/* stays the API's.
  app.use(webBoard({ serveSourceMaps: settings.serveSourceMaps ?? false }));
  app.use(routeNotFound);
  app.use(problemErrorHandler(logger, language));
  return app;

  function apiRoutes({ client, db, taskQueue }: AppDeps, workers: WorkerPresence): AnyRoute[] {
    const digests = digestScheduler(client, taskQueue);
    const declared: AnyRoute[] = [
      ...healthRoutes({ client, db, workers }),
      ...launchReadRoutes(db),
      ...taskReadRoutes(db),
      ...launchRoutes({ client, db, taskQueue }),
      ...pocReadRoutes(db),
      ...caseListCsvRoutes(db),
      ...caseDetailCsvRoutes(db),
      pocFieldValuesRoute(db),
      ...pocRoutes({ client, db, taskQueue, pocRules: autoApproval(settings.pocAutoApproveBelowAmount) }),
      ...dealReadRoutes(db),
      ...dealRoutes({ client, db, taskQueue }),
      ...renewalReadRoutes(db),
      ...renewalRoutes({ client, db, taskQueue }),
      ...handoffReadRoutes(db),
      ...handoffRoutes({ client, db, taskQueue }),
      ...portalStaffRoutes({ db, mail: settings.mail }, handoffPortalKind({ client, db, taskQueue })),
      ...portalRoutes({ client, db }),
      ...portalStaffRoutes({ db, mail: settings.mail }, pocPortalKind({ client, db, taskQueue })),
      ...pocPortalRoutes({ client, db }),
      ...portalStaffRoutes({ db, mail: settings.mail }, renewalPortalKind({ client, db, taskQueue })),
      ...renewalPortalRoutes({ client, db }),
      ...integrationRoutes({ client, db, taskQueue, pocRules: autoApproval(settings.pocAutoApproveBelowAmount) }),
      ...templateRoutes(db),
      ...renewalTierTemplateRoutes(db),
      ...calendarRoutes(db),
      ...regionCalendarRoutes(db),
      ...referenceListRoutes(db),
      ...insightsRoutes(db),
      ...tokenRoutes(db),
      ...auditRoutes(db),
      ...directoryRoutes(db, digests),
      ...meRoutes(db, digests),
      ...inboxRoutes(db, settings.mail),
      ...calendarFeedRoutes(db, settings.mail),
      ...(settings.devLogin && settings.mail && !settings.mail.smtpUrl ? caughtMailRoutes(settings.mail.catchDir) : []),
      ...(settings.devLogin && settings.auth.jwtSecret ? devLoginRoutes(settings.auth.jwtSecret) : []),
    ];
    return [
      ...declared,
      defineRoute({
        method: 'get',
        path: '/api/openapi.json',
        operationId: 'openApiDocument',
        summary: 'This API as an OpenAPI 3.1 document',
        tag: 'Meta',
        permission: 'public',
        responses: {
          200: {
            description: 'The document (interactive docs at /api/docs)',
            schema: z.looseObject({ openapi: z.string() }),
          },
        },
        async handle() {
          return { status: 200, body: document };
        },
      }),
    ];
  }
}

/** A body in anything but JSON is refused outright rather than silently ignored; an empty one is no body. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasContent = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if (hasContent && req.is('application/json') === false) {
    throw new Problem(
      415,
      'Unsupported media type',
      apiSays('api.invalid.media-type', { contentType: req.get('content-type') ?? '' }),
    );
  }
  next();
};

function autoApproval(belowAmount: number | undefined) {
  return belowAmount === undefined ? {} : { autoApproveBelowAmount: belowAmount };
}
