import express, { type RequestHandler } from 'express';

/**
 * Keeps a request's body as the bytes sent (`req.rawBody`) and leaves `req.body` empty, so a
 * signature can be checked over exactly what was signed and a malformed body reaches the route
 * (which dead-letters it) instead of failing in the JSON parser.
 */
export function keepRawBody(limit: string): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit }),
    (req, _res, next) => {
      (req as { rawBody?: Buffer }).rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.body = undefined;
      next();
    },
  ];
}
