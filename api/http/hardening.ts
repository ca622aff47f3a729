import { randomUUID } from 'node:crypto';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../runtime/logger';
import { Problem } from './problem';

const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Takes the caller's X-Request-Id when it is sane, else makes one; echoed in the response, logs and problems. */
export const requestId: RequestHandler = (req, res, next) => {
  const offered = req.get(REQUEST_ID_HEADER);
  const id = offered && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
  res.locals.requestId = id;
  res.set(REQUEST_ID_HEADER, id);
  next();
};

/** One structured log line per request, with its id, and never the Authorization header or cookies. */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => res.locals?.requestId ?? randomUUID(),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}

/** Security headers; the interactive docs need their own scripts and styles, nothing from elsewhere. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
}

/**
 * Cross-origin access only for the configured origins. The board is same-origin, yet browsers still
 * send its Origin on module scripts and POSTs: a request whose Origin names this very host is
 * not cross-origin and passes without CORS headers.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const exposedHeaders = [
    'ETag',
    'Location',
    REQUEST_ID_HEADER,
    'Idempotent-Replayed',
    'Preference-Applied',
    'RateLimit',
    'RateLimit-Policy',
    'Retry-After',
  ];
  return cors((req, callback) => {
    const origin = req.headers.origin;
    if (!origin || origins.includes(origin)) return callback(null, { origin: true, exposedHeaders, maxAge: 600 });
    if (isSameHost(origin, req.headers.host)) return callback(null, { origin: false });
    callback(new Problem(403, 'Forbidden', `Origin ${origin} is not allowed to call this API`));
  });
}

function isSameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
