import type { Express, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import type { Logger } from '../../runtime/logger';
import { hasPermission } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { PortalCaller } from '../portal/sessions';
import { MemoryHitCounter, secondsLeftInWindow, type HitCounter } from './hit-counter';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN, type IdempotencyStore } from './idempotency';
import { apiSays } from './api-text';
import { invalidRequest, Problem } from './problem';
import { headerLanguage, type ReaderLanguage } from './reader-language';
import { problemSchema } from './problem-schema';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { findUnstorableString } from './storable-strings';
import { declaredResponses, type AnyRoute, type RouteResult } from './route';

export interface MountOptions {
  authenticate: RequestHandler;
  /** Resolves a customer's portal session for 'portal' routes (the API mounts none without it). */
  authenticatePortal?: RequestHandler;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Requests per minute per authenticated subject, and per client address on public routes. */
  rateLimitPerMinute: number;
  /**
   * Requests per minute per client address that come without credentials or with refused ones
   * (guessed tokens); rateLimitPerMinute when unset.
   */
  failedAuthPerMinute?: number;
  /** Where the counts are kept; Postgres shares them between API replicas. In memory when unset (tests). */
  hitCounter?: HitCounter;
  /** Check every response against its declared schema (tests); a mismatch becomes a 500. */
  validateResponses: boolean;
  /** The caller's language for refusals kept by Idempotency-Key; the request's Accept-Language when unset. */
  language?: ReaderLanguage;
}

/** Mounts each declared route: authenticate, authorize, rate-limit, validate input, run, validate output, send. */
export function mountRoutes(app: Express, routes: readonly AnyRoute[], options: MountOptions): void {
  const limits = rateLimits(options);
  for (const route of routes) {
    const guards: RequestHandler[] =
      route.permission === 'public'
        ? [limits.byAddress]
        : route.permission === 'portal'
          ? [limits.refuseGuessers, limits.authenticatePortal, limits.byPortalSession]
          : [limits.refuseGuessers, limits.authenticate, limits.bySubject, authorize(route)];
    app[route.method](route.path, ...guards, async (req: Request, res: Response) => {
      const result = await run(route, req, res, options);
      if (options.validateResponses) checkResponse(route, result);
      res.status(result.status).set(result.headers ?? {});
      if (result.stream) {
        await sendStream(res, result.contentType, result.stream, options.logger);
        return;
      }
      if (result.body === undefined) {
        res.end();
        return;
      }
      if (result.contentType) res.type(result.contentType);
      if (typeof result.body === 'string' && result.contentType && !/json/.test(result.contentType)) {
        res.send(result.body);
        return;
      }
      res.json(result.body);
    });
  }
}

/**
 * Writes a streamed body as it comes, waiting whenever the client reads slower than it is produced
 * (so memory holds about one piece), and stops producing when the client goes away. A failure after
 * the first bytes can no longer become a problem response: the connection is cut instead, so the
 * client sees an incomplete download rather than a silently short file.
 */
async function sendStream(
  res: Response,
  contentType: string | undefined,
  stream: AsyncIterable<string>,
  logger: Logger,
): Promise<void> {
  if (contentType) res.type(contentType);
  try {
    for await (const piece of stream) {
      if (res.destroyed) return;
      if (!res.write(piece))
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        });
    }
    res.end();
  } catch (error) {
    logger.error({ err: error }, 'streamed response failed midway; connection cut');
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Rate limits that changing the bearer value does not reset: refused credentials count against the
 * client's address (and once over its limit, tokens from there are not even checked), authenticated
 * calls against their subject, public routes against the address. The client address is Express's
 * req.ip, which honours the app's `trust proxy` setting (TRUST_PROXY).
 */
function rateLimits(options: MountOptions) {
  const counter = options.hitCounter ?? new MemoryHitCounter();
  const perMinute = options.rateLimitPerMinute;
  const failedPerMinute = options.failedAuthPerMinute ?? perMinute;
  const address = (req: Request) => ipKeyGenerator(req.ip ?? '');
  const tooMany = (limit: number, what: string) =>
    new Problem(429, 'Too many requests', `More than ${limit} ${what} a minute; slow down`, {}, undefined, {
      'Retry-After': String(secondsLeftInWindow()),
    });
  // A limiter that cannot count (the database is down) lets the request through: the route itself answers then.
  const count = async (read: () => Promise<number>): Promise<number> => {
    try {
      return await read();
    } catch (error) {
      options.logger.warn({ err: error }, 'rate limit not counted');
      return 0;
    }
  };

  const byAddress: RequestHandler = async (req, _res, next) => {
    if ((await count(() => counter.hit(`ip:${address(req)}`))) > perMinute) throw tooMany(perMinute, 'requests');
    next();
  };
  const refuseGuessers: RequestHandler = async (req, _res, next) => {
    if ((await count(() => counter.peek(`auth-failed:${address(req)}`))) >= failedPerMinute)
      throw tooMany(failedPerMinute, 'requests without valid credentials');
    next();
  };
  const authenticateWith =
    (handler: RequestHandler | undefined): RequestHandler =>
    async (req, res, next) => {
      try {
        if (!handler) throw new Error('a portal route was mounted without authenticatePortal');
        await new Promise<void>((resolve, reject) => {
          const done = (error?: unknown) => (error ? reject(error) : resolve());
          Promise.resolve(handler(req, res, done)).catch(reject);
        });
      } catch (error) {
        if (!(error instanceof Problem) || error.status !== 401) throw error;
        if ((await count(() => counter.hit(`auth-failed:${address(req)}`))) > failedPerMinute)
          throw tooMany(failedPerMinute, 'requests without valid credentials');
        throw error;
      }
      next();
    };
  const bySubject: RequestHandler = async (_req, res, next) => {
    const { subject } = res.locals.principal as Principal;
    if ((await count(() => counter.hit(`sub:${subject}`))) > perMinute) throw tooMany(perMinute, 'requests');
    next();
  };
  // A customer counts per invitation, so several devices share one allowance.
  const byPortalSession: RequestHandler = async (_req, res, next) => {
    const { invitationId } = res.locals.portal as PortalCaller;
    if ((await count(() => counter.hit(`portal:${invitationId}`))) > perMinute) throw tooMany(perMinute, 'requests');
    next();
  };
  return {
    byAddress,
    refuseGuessers,
    authenticate: authenticateWith(options.authenticate),
    authenticatePortal: authenticateWith(options.authenticatePortal),
    bySubject,
    byPortalSession,
  };
}

function authorize(route: AnyRoute): RequestHandler {
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal;
    if (route.permission !== 'public' && route.permission !== 'portal' && !hasPermission(principal, route.permission)) {
      throw new Problem(
        403,
        'Forbidden',
        apiSays('api.forbidden.roles', { roles: principal.roles.join(', '), doing: route.summary.toLowerCase() }),
      );
    }
    next();
  };
}

async function run(route: AnyRoute, req: Request, res: Response, options: MountOptions): Promise<RouteResult> {
  // First: every later check (strings, schema, idempotency hash) walks the body recursively.
  refuseDeepJson(req.body);
  refuseUnstorableStrings({ params: req.params, query: req.query, body: req.body });
  const context = {
    params: route.params ? route.params.parse(req.params) : undefined,
    query: route.query ? route.query.parse(req.query) : undefined,
    body: route.body ? route.body.parse(req.body) : undefined,
    principal: res.locals.principal as Principal,
    portal: res.locals.portal as PortalCaller | undefined,
    origin: { ip: req.ip, userAgent: req.get('user-agent') },
    requestId: res.locals.requestId as string,
    logger: options.logger,
    ifMatch: route.conditional ? parseIfMatch(req.get('if-match')) : undefined,
    minimalAnswer: route.minimalAnswer ? prefersMinimalReturn(req.get('prefer')) : undefined,
    request: { headers: req.headers, rawBody: (req as { rawBody?: Buffer }).rawBody },
  };
  const key = route.idempotent ? req.get(IDEMPOTENCY_HEADER) : undefined;
  if (key === undefined) return route.handle(context);
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw invalidRequest(apiSays('api.invalid.idempotency-key', { header: IDEMPOTENCY_HEADER }));
  }
  return options.idempotency.run(
    {
      principal: context.principal.subject,
      key,
      method: req.method,
      path: req.path,
      body: req.body,
      instance: req.originalUrl,
      requestId: context.requestId,
      language: () => (options.language ?? headerLanguage)(req, res),
    },
    (updateId) => route.handle({ ...context, updateId }),
  );
}

function refuseDeepJson(body: unknown): void {
  if (!nestsDeeperThan(body, MAX_JSON_DEPTH)) return;
  throw invalidRequest(apiSays('api.invalid.too-deep', { depth: MAX_JSON_DEPTH }), [
    { path: '', message: `arrays and objects may nest at most ${MAX_JSON_DEPTH} levels deep`, code: 'too_deep' },
  ]);
}

function refuseUnstorableStrings(input: Record<string, unknown>): void {
  const path = findUnstorableString(input);
  if (path === undefined) return;
  const field = path.split('.').slice(1).join('.');
  throw invalidRequest(apiSays('api.invalid.schema'), [
    {
      path: field,
      message: 'contains a NUL character or an unpaired surrogate, which cannot be stored',
      code: 'invalid_string',
    },
  ]);
}

/** Baton's ETags are the object's version number in quotes (weak or strong). */
export const IF_MATCH_PATTERN = /^(?:W\/)?"(\d{1,15})"$/;

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const version = IF_MATCH_PATTERN.exec(header.trim())?.[1];
  if (!version) {
    throw invalidRequest(apiSays('api.invalid.if-match'), [
      { path: 'If-Match', message: 'not an ETag issued by this API', code: 'invalid_format' },
    ]);
  }
  return Number(version);
}

function checkResponse(route: AnyRoute, result: RouteResult): void {
  const declared = declaredResponses(route)[result.status];
  const schema = result.status >= 400 ? problemSchema : declared?.schema;
  if (!declared && result.status < 400) {
    throw new Error(`${route.operationId} answered ${result.status}, which it does not declare`);
  }
  if (!schema || result.stream) return;
  const checked = schema.safeParse(result.body);
  if (!checked.success) {
    throw new Error(
      `${route.operationId} ${result.status} response does not match its schema: ${z.prettifyError(checked.error)}`,
    );
  }
}

/** Whether a Prefer header (RFC 7240: preferences separated by commas, parameters by semicolons) asks for return=minimal. */
export function prefersMinimalReturn(header: string | undefined): boolean {
  return (header ?? '')
    .split(',')
    .some((preference) => /^return\s*=\s*"?minimal"?$/i.test(preference.split(';')[0]!.trim()));
}
