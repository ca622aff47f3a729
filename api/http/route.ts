import type { Client } from '@temporalio/client';
import type { Database } from '../../db/prisma';
import type { Logger } from '../../runtime/logger';
import type { z } from 'zod';
import type { Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { PortalCaller } from '../portal/sessions';

/** What a route handler returns; the mounting code sends it (and may store it for Idempotency-Key repeats). */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
  /**
   * A body sent piece by piece as it is produced (CSV exports read from the database in batches),
   * so a large answer is never held in memory whole; `body` is then left out.
   */
  stream?: AsyncIterable<string>;
}

export interface RouteContext<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  /** Undefined on public and portal routes. */
  principal: Principal;
  /** The customer behind a portal session; set only on portal routes. */
  portal?: PortalCaller;
  /** Where the request came from (the client address as `trust proxy` allows, and its user agent). */
  origin: { ip?: string; userAgent?: string };
  requestId: string;
  logger: Logger;
  /** The version from an If-Match header, on conditional routes. */
  ifMatch?: number;
  /** The caller asked for no state in the answer (Prefer: return=minimal), on routes that offer it. */
  minimalAnswer?: boolean;
  /**
   * Set when the request came with an Idempotency-Key: the Temporal update id to send its Update
   * with, so a retry after the API died mid-request is the same Update and gets its first outcome.
   */
  updateId?: string;
  /** The request as sent, for routes that check a signature over its exact bytes (CRM events). */
  request?: { headers: Record<string, string | string[] | undefined>; rawBody?: Buffer };
}

export interface ResponseSpec {
  description: string;
  /** Omitted for bodiless responses (204). Problem responses (>= 400) use the shared Problem schema. */
  schema?: z.ZodType;
  /** A body that is not JSON (a calendar feed): sent as text in this media type. */
  mediaType?: string;
}

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One HTTP operation, declared once: Express mounts it, the OpenAPI document describes it, and tests
 * check its responses against it.
 */
export interface Route<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express-style path, e.g. /api/launches/:id */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** 'public' routes need no authentication; 'portal' routes take only a customer's portal session. */
  permission: Permission | 'public' | 'portal';
  params?: P;
  query?: Q;
  body?: B;
  /** Accepts an Idempotency-Key header (POSTs that start or change something). */
  idempotent?: boolean;
  /** Accepts If-Match with an ETag the API issued, and refuses the action (412) if the object changed since. */
  conditional?: boolean;
  /** Accepts Prefer: return=minimal (RFC 7240): answers 204 with the new version as ETag instead of the new state. */
  minimalAnswer?: boolean;
  /** Every status the route itself can answer, success and specific errors (400/401/403/429/500 are added for all). */
  responses: Record<number, ResponseSpec>;
  handle(context: RouteContext<Out<P>, Out<Q>, Out<B>>): Promise<RouteResult>;
}

// The registry holds routes of many shapes; each is type-checked where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = Route<any, any, any>;

export function defineRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  route: Route<P, Q, B>,
): Route<P, Q, B> {
  return route;
}

/** Every response a route declares, with the 204 that Prefer: return=minimal gets where the route offers it. */
export function declaredResponses(route: AnyRoute): Record<number, ResponseSpec> {
  return route.minimalAnswer
    ? { ...route.responses, 204: { description: 'Done as asked with Prefer: return=minimal; ETag is the new version' } }
    : route.responses;
}

/** What every playbook's routes are built from. */
export interface PlaybookRoutesDeps {
  client: Client;
  db: Database;
  taskQueue: string;
}
