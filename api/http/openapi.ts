import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import { IF_MATCH_PATTERN } from './mount-routes';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { problemSchema } from './problem-schema';
import { declaredResponses, type AnyRoute } from './route';

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } };

/** Errors any route of a kind can answer, on top of the ones it declares itself. */
function commonErrors(route: AnyRoute): Record<number, string> {
  const errors: Record<number, string> = {
    429: 'Too many requests',
    500: 'Unexpected error (no details are disclosed)',
  };
  if (route.params || route.query || route.body || route.idempotent || route.conditional)
    errors[400] = 'Invalid request: each field at fault is named in `errors`';
  if (route.permission === 'portal') {
    errors[401] = 'Missing, unknown, signed-out, revoked or expired portal session';
    errors[503] = 'The database or Temporal is unavailable for now; retry after the Retry-After header’s seconds';
  } else if (route.permission !== 'public') {
    errors[401] = 'Missing, unknown, revoked or expired token';
    errors[403] = 'Your roles may not take this action';
    // Every authenticated route may need the database (API tokens, Idempotency-Keys, the read model).
    errors[503] = 'The database or Temporal is unavailable for now; retry after the Retry-After header’s seconds';
  }
  if (route.body) {
    errors[413] = 'Request body too large';
    errors[415] = 'Request body is not application/json';
  }
  if (route.conditional) errors[412] = 'If-Match does not match the current version';
  if (route.idempotent) {
    errors[409] = 'A request with this Idempotency-Key is still running';
    errors[422] = 'The Idempotency-Key was used for a different request';
  }
  return errors;
}

function requestHeaders(route: AnyRoute): z.ZodObject | undefined {
  const headers: Record<string, z.ZodType> = {};
  if (route.idempotent) {
    headers[IDEMPOTENCY_HEADER] = z
      .string()
      .regex(IDEMPOTENCY_KEY_PATTERN)
      .optional()
      .meta({ description: 'Repeat the request safely: the first response is returned to repeats for 24 hours' });
  }
  if (route.conditional) {
    headers['If-Match'] = z
      .string()
      .regex(IF_MATCH_PATTERN)
      .optional()
      .meta({ description: 'The ETag of the state you acted on; 412 if the object changed since' });
  }
  if (route.minimalAnswer) {
    headers.Prefer = z
      .string()
      .optional()
      .meta({ description: 'return=minimal: answer 204 with the new version as ETag, without the new state' });
  }
  return Object.keys(headers).length > 0 ? z.object(headers) : undefined;
}

function definedOnly<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function operation(route: AnyRoute): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, description] of Object.entries(commonErrors(route))) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = { description, content: problemContent };
  }
  for (const [status, spec] of Object.entries(declaredResponses(route))) {
    const isProblem = Number(status) >= 400;
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: spec.description,
      ...(isProblem
        ? { content: problemContent }
        : spec.schema
          ? { content: { [spec.mediaType ?? 'application/json']: { schema: spec.schema } } }
          : {}),
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security:
      route.permission === 'public' ? [] : [route.permission === 'portal' ? { portalSession: [] } : { bearerAuth: [] }],
    ...(route.permission === 'public' || route.permission === 'portal'
      ? {}
      : { description: `Permission: \`${route.permission}\`.` }),
    requestParams: definedOnly({
      path: route.params as z.ZodObject | undefined,
      query: route.query as z.ZodObject | undefined,
      header: requestHeaders(route),
    }),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the same route declarations Express mounts. */
export function buildOpenApiDocument(routes: readonly AnyRoute[]): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Baton API',
      version: '0.1.0',
      description: 'Durable B2B go-to-market playbooks on Temporal. Errors are RFC 9457 problem details.',
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A JWT from your identity provider, or a Baton API token (baton_...)',
        },
        portalSession: {
          type: 'http',
          scheme: 'bearer',
          description: "A customer's portal session (bps_...), opened from a magic link with signInToPortal",
        },
      },
    },
    paths,
  });
}
