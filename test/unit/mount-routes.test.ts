import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import pino from 'pino';
import { z } from 'zod';
import type { Principal } from '../../api/auth/principal';
import { problemErrorHandler } from '../../api/http/error-handler';
import type { IdempotencyStore, IdempotentRequest } from '../../api/http/idempotency';
import { MAX_JSON_DEPTH } from '../../api/http/json-depth';
import { mountRoutes, type MountOptions } from '../../api/http/mount-routes';
import { Problem, PROBLEM_CONTENT_TYPE } from '../../api/http/problem';
import { defineRoute, type AnyRoute, type RouteResult } from '../../api/http/route';
import type { Role } from '../../domain/shared/roles';
import { requestJson, type ApiResponse } from '../helpers/http';

const logger = pino({ level: 'silent' });
const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        }),
    ),
  );
});

/**
 * Stands in for bearer-token authentication: the caller's roles come from X-Test-Roles (none: 401),
 * its subject from X-Test-Subject.
 */
let authenticateCalls = 0;
const fakeAuthenticate: RequestHandler = (req, res, next) => {
  authenticateCalls += 1;
  const roles = req.get('x-test-roles');
  if (!roles) throw new Problem(401, 'Unauthorized', 'Send an Authorization: Bearer <token> header');
  const principal: Principal = {
    subject: req.get('x-test-subject') ?? 'tester',
    roles: roles.split(',') as Role[],
    regions: [],
    via: 'jwt',
  };
  res.locals.principal = principal;
  res.locals.requestId = req.get('x-test-request-id') ?? 'req-test';
  next();
};

/** Runs the change directly, recording what it was asked to protect. */
function fakeIdempotency() {
  const requests: IdempotentRequest[] = [];
  const store = {
    run: async (request: IdempotentRequest, execute: () => Promise<RouteResult>) => {
      requests.push(request);
      return execute();
    },
  };
  return { store: store as unknown as IdempotencyStore, requests };
}

async function serve(
  routes: readonly AnyRoute[],
  options: Partial<MountOptions> = {},
  trustProxy = false,
): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.use(express.json());
  mountRoutes(app, routes, {
    authenticate: fakeAuthenticate,
    idempotency: fakeIdempotency().store,
    logger,
    rateLimitPerMinute: 10_000,
    validateResponses: false,
    ...options,
  });
  app.use(problemErrorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Sent = ApiResponse;

/** Calls the app as a caller whose roles the fake authenticator reads from X-Test-Roles (null: none). */
function call(
  base: string,
  method: string,
  path: string,
  {
    roles = 'ops_manager',
    body,
    headers = {},
  }: { roles?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent> {
  return requestJson(base, method, path, body, { ...(roles === null ? {} : { 'x-test-roles': roles }), ...headers });
}

function errorPaths(sent: Sent): string[] {
  return ((sent.body?.errors ?? []) as { path: string }[]).map((error) => error.path).sort();
}

// ---- routes -------------------------------------------------------------------------------------

const handled: { operationId: string; context: unknown }[] = [];

const startThing = defineRoute({
  method: 'post',
  path: '/api/things',
  operationId: 'startThing',
  summary: 'Start a thing',
  tag: 'things',
  permission: 'launch:start',
  body: z.strictObject({ name: z.string().min(1), count: z.number().int() }),
  idempotent: true,
  responses: { 201: { description: 'Started', schema: z.object({ name: z.string(), count: z.number() }) } },
  async handle(context) {
    handled.push({ operationId: 'startThing', context });
    return { status: 201, body: context.body, headers: { Location: `/api/things/${context.body.name}` } };
  },
});

const getThing = defineRoute({
  method: 'get',
  path: '/api/things/:id',
  operationId: 'getThing',
  summary: 'Read a thing',
  tag: 'things',
  permission: 'launch:read',
  params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
  query: z.strictObject({ limit: z.coerce.number().int().min(1).optional() }),
  responses: { 200: { description: 'The thing', schema: z.object({ id: z.string() }) } },
  async handle({ params, query, principal, requestId }) {
    return { status: 200, body: { id: params.id, limit: query.limit ?? null, subject: principal.subject, requestId } };
  },
});

const actOnThing = defineRoute({
  method: 'post',
  path: '/api/things/:id/act',
  operationId: 'actOnThing',
  summary: 'Act on a thing',
  tag: 'things',
  permission: 'launch:act',
  conditional: true,
  responses: { 200: { description: 'Acted' }, 412: { description: 'Changed since' } },
  async handle({ ifMatch }) {
    return { status: 200, body: { ifMatch: ifMatch ?? null } };
  },
});

const deleteThing = defineRoute({
  method: 'delete',
  path: '/api/things/:id',
  operationId: 'deleteThing',
  summary: 'Delete a thing',
  tag: 'things',
  permission: 'launch:act',
  responses: { 204: { description: 'Deleted' } },
  async handle() {
    return { status: 204, headers: { 'X-Deleted': 'yes' } };
  },
});

const ping = defineRoute({
  method: 'get',
  path: '/ping',
  operationId: 'ping',
  summary: 'Ping',
  tag: 'meta',
  permission: 'public',
  responses: { 200: { description: 'Pong', schema: z.object({ pong: z.literal(true) }) } },
  async handle({ principal }) {
    return { status: 200, body: { pong: true, principal: principal ?? null } };
  },
});

/** Answers whatever the mode asks for, to check responses against their declarations. */
const answer = defineRoute({
  method: 'get',
  path: '/api/answer/:mode',
  operationId: 'answer',
  summary: 'Answer',
  tag: 'test',
  permission: 'launch:read',
  params: z.object({
    mode: z.enum([
      'good',
      'undeclared',
      'wrong-body',
      'missing-body',
      'declared-error',
      'undeclared-error',
      'bad-error',
    ]),
  }),
  responses: {
    200: { description: 'Fine', schema: z.object({ n: z.number() }) },
    404: { description: 'Not there' },
  },
  async handle({ params }): Promise<RouteResult> {
    switch (params.mode) {
      case 'good':
        return { status: 200, body: { n: 1 } };
      case 'undeclared':
        return { status: 202, body: { n: 1 } };
      case 'wrong-body':
        return { status: 200, body: { n: 'one' } };
      case 'missing-body':
        return { status: 200 };
      case 'declared-error':
        return {
          status: 404,
          body: new Problem(404, 'Not found', 'nothing').toJSON('/x'),
          contentType: PROBLEM_CONTENT_TYPE,
        };
      case 'undeclared-error':
        return {
          status: 409,
          body: new Problem(409, 'Conflict', 'busy').toJSON('/x'),
          contentType: PROBLEM_CONTENT_TYPE,
        };
      case 'bad-error':
        return { status: 404, body: { oops: true } };
    }
  },
});

const ALL = [startThing, getThing, actOnThing, deleteThing, ping, answer];

// ---- tests --------------------------------------------------------------------------------------

describe('mountRoutes', () => {
  let base: string;
  beforeAll(async () => {
    base = await serve(ALL);
  });
  beforeEach(() => {
    handled.length = 0;
  });

  describe('authentication and authorization', () => {
    it('runs authenticate on authenticated routes: no credentials is 401', async () => {
      const sent = await call(base, 'GET', '/api/things/abc', { roles: null });
      expect(sent.status).toBe(401);
      expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
    });

    it('answers 403 as problem+json when the principal lacks the permission, without running the handler', async () => {
      const sent = await call(base, 'POST', '/api/things', { roles: 'sales,presales', body: { name: 'a', count: 1 } });
      expect(sent.status).toBe(403);
      expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
      expect(sent.body).toMatchObject({
        status: 403,
        title: 'Forbidden',
        instance: '/api/things',
        requestId: 'req-test',
      });
      expect(sent.body?.detail).toContain('sales, presales');
      expect(handled).toEqual([]);
    });

    it('refuses read_only an action it may only read about', async () => {
      expect((await call(base, 'POST', '/api/things/abc/act', { roles: 'read_only' })).status).toBe(403);
      expect((await call(base, 'GET', '/api/things/abc', { roles: 'read_only' })).status).toBe(200);
    });

    it('runs the handler when any role has the permission, with the principal and request id', async () => {
      const sent = await call(base, 'POST', '/api/things', {
        roles: 'sales,ops_manager',
        body: { name: 'a', count: 1 },
      });
      expect(sent.status).toBe(201);
      expect(sent.body).toEqual({ name: 'a', count: 1 });
      expect(sent.headers.get('location')).toBe('/api/things/a');
      expect(handled).toHaveLength(1);
      expect(handled[0]?.context).toMatchObject({
        principal: { subject: 'tester', roles: ['sales', 'ops_manager'] },
        requestId: 'req-test',
      });
    });

    it('serves public routes without authenticating', async () => {
      const before = authenticateCalls;
      const sent = await call(base, 'GET', '/ping', { roles: null });
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ pong: true, principal: null });
      expect(authenticateCalls).toBe(before);
    });
  });

  describe('input validation', () => {
    it('answers 400 naming each field at fault in a bad body', async () => {
      const sent = await call(base, 'POST', '/api/things', { body: { name: '', count: 'many', colour: 'red' } });
      expect(sent.status).toBe(400);
      expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
      expect(sent.body).toMatchObject({ status: 400, title: 'Invalid request' });
      expect(errorPaths(sent)).toEqual(['', 'count', 'name']);
      const unknownKey = (sent.body?.errors as { path: string; message: string; code: string }[]).find(
        (error) => error.path === '',
      );
      expect(unknownKey).toMatchObject({ code: 'unrecognized_keys', message: expect.stringContaining('colour') });
      expect(handled).toEqual([]);
    });

    it('names missing body fields', async () => {
      const sent = await call(base, 'POST', '/api/things', { body: {} });
      expect(sent.status).toBe(400);
      expect(errorPaths(sent)).toEqual(['count', 'name']);
    });

    it('answers 400 for a bad path parameter or query parameter, naming it', async () => {
      const badParam = await call(base, 'GET', '/api/things/ABC');
      expect(badParam.status).toBe(400);
      expect(errorPaths(badParam)).toEqual(['id']);
      const badQuery = await call(base, 'GET', '/api/things/abc?limit=0&extra=1');
      expect(badQuery.status).toBe(400);
      expect(errorPaths(badQuery)).toEqual(['', 'limit']);
    });

    it('answers 400 for JSON nested deeper than the limit, under the size limit, without running the handler', async () => {
      const depth = 40_000;
      const sent = await call(base, 'POST', '/api/things', {
        roles: 'ops_manager',
        body: `{"name": ${'['.repeat(depth)}${']'.repeat(depth)}, "count": 1}`,
      });
      expect(sent.status).toBe(400);
      expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
      expect(sent.body).toMatchObject({ status: 400, title: 'Invalid request' });
      expect(sent.body?.detail).toBe(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
      expect(handled).toEqual([]);
    });

    it('accepts JSON nested exactly to the limit (then checks it against the schema), and refuses one level more', async () => {
      const nestedArrays = (levels: number) => {
        let nested: unknown = 'x';
        for (let level = 0; level < levels; level += 1) nested = [nested];
        return nested;
      };
      // The body object itself is the first level.
      const atLimit = await call(base, 'POST', '/api/things', {
        body: { name: nestedArrays(MAX_JSON_DEPTH - 1), count: 1 },
      });
      expect(atLimit.status).toBe(400);
      expect(errorPaths(atLimit)).toEqual(['name']);
      const overLimit = await call(base, 'POST', '/api/things', {
        body: { name: nestedArrays(MAX_JSON_DEPTH), count: 1 },
      });
      expect(overLimit.status).toBe(400);
      expect(overLimit.body?.errors).toEqual([
        { path: '', message: expect.stringContaining('nest'), code: 'too_deep' },
      ]);
    });

    it('hands the handler parsed (coerced) input', async () => {
      const sent = await call(base, 'GET', '/api/things/abc?limit=5', {
        headers: { 'x-test-subject': 'ann', 'x-test-request-id': 'r-9' },
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ id: 'abc', limit: 5, subject: 'ann', requestId: 'r-9' });
    });
  });

  describe('If-Match on conditional routes', () => {
    it.each([
      ['"7"', 7],
      ['W/"7"', 7],
      ['"0"', 0],
      ['"123456789012345"', 123456789012345],
    ])('passes %s to the handler as version %d', async (ifMatch, version) => {
      const sent = await call(base, 'POST', '/api/things/abc/act', { headers: { 'If-Match': ifMatch } });
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ ifMatch: version });
    });

    it('passes no version without the header', async () => {
      const sent = await call(base, 'POST', '/api/things/abc/act');
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ ifMatch: null });
    });

    it.each(['abc', '7', '"abc"', '"-1"', '"7', '*', 'W/7', '"1234567890123456"'])(
      'answers 400 naming If-Match for %s',
      async (ifMatch) => {
        const sent = await call(base, 'POST', '/api/things/abc/act', { headers: { 'If-Match': ifMatch } });
        expect(sent.status).toBe(400);
        expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
        expect(sent.body?.errors).toEqual([expect.objectContaining({ path: 'If-Match' })]);
      },
    );

    it('ignores If-Match on routes that are not conditional', async () => {
      const sent = await call(base, 'GET', '/api/things/abc', { headers: { 'If-Match': 'abc' } });
      expect(sent.status).toBe(200);
    });
  });

  describe('responses', () => {
    it('sends a 204 with no body and no content type, with the headers the handler set', async () => {
      const sent = await call(base, 'DELETE', '/api/things/abc');
      expect(sent.status).toBe(204);
      expect(sent.text).toBe('');
      expect(sent.contentType).toBeNull();
      expect(sent.headers.get('x-deleted')).toBe('yes');
    });

    it('sends a body as JSON', async () => {
      const sent = await call(base, 'GET', '/api/answer/good');
      expect(sent.status).toBe(200);
      expect(sent.contentType).toContain('application/json');
      expect(sent.body).toEqual({ n: 1 });
    });

    it('sends a problem body the handler returns with its content type', async () => {
      const sent = await call(base, 'GET', '/api/answer/declared-error');
      expect(sent.status).toBe(404);
      expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
    });

    it('sends undeclared statuses and mismatching bodies as they are when not validating', async () => {
      expect((await call(base, 'GET', '/api/answer/undeclared')).status).toBe(202);
      const wrong = await call(base, 'GET', '/api/answer/wrong-body');
      expect(wrong.status).toBe(200);
      expect(wrong.body).toEqual({ n: 'one' });
    });
  });

  describe('Idempotency-Key on idempotent routes', () => {
    let idempotentBase: string;
    let requests: IdempotentRequest[];
    beforeAll(async () => {
      const fake = fakeIdempotency();
      requests = fake.requests;
      idempotentBase = await serve(ALL, { idempotency: fake.store });
    });
    beforeEach(() => {
      requests.length = 0;
    });

    it('runs the change through the store under the caller and key', async () => {
      const sent = await call(idempotentBase, 'POST', '/api/things', {
        body: { name: 'a', count: 2 },
        headers: { 'Idempotency-Key': 'key-1', 'x-test-subject': 'ann', 'x-test-request-id': 'r-1' },
      });
      expect(sent.status).toBe(201);
      expect(requests).toEqual([
        {
          principal: 'ann',
          key: 'key-1',
          method: 'POST',
          path: '/api/things',
          body: { name: 'a', count: 2 },
          instance: '/api/things',
          requestId: 'r-1',
          language: expect.any(Function),
        },
      ]);
    });

    it('runs the change directly without a key', async () => {
      expect((await call(idempotentBase, 'POST', '/api/things', { body: { name: 'a', count: 2 } })).status).toBe(201);
      expect(requests).toEqual([]);
    });

    it('answers 400 for a key with characters outside visible ASCII, before running anything', async () => {
      const sent = await call(idempotentBase, 'POST', '/api/things', {
        body: { name: 'a', count: 2 },
        headers: { 'Idempotency-Key': 'two words' },
      });
      expect(sent.status).toBe(400);
      expect(sent.body?.detail).toContain('Idempotency-Key');
      expect(requests).toEqual([]);
      expect(handled).toEqual([]);
    });

    it('validates the body before looking at the key', async () => {
      const sent = await call(idempotentBase, 'POST', '/api/things', {
        body: { name: '' },
        headers: { 'Idempotency-Key': 'key-2' },
      });
      expect(sent.status).toBe(400);
      expect(requests).toEqual([]);
    });
  });
});

describe('mountRoutes with validateResponses', () => {
  // The reason for a 500 is only logged, so this app's logger keeps its lines.
  const logged: { msg?: string; err?: { message?: string } }[] = [];
  let base: string;
  beforeAll(async () => {
    const capturing = pino(
      { level: 'error' },
      { write: (line: string) => logged.push(JSON.parse(line) as (typeof logged)[number]) },
    );
    const app = express();
    app.use(express.json());
    mountRoutes(app, ALL, {
      authenticate: fakeAuthenticate,
      idempotency: fakeIdempotency().store,
      logger: capturing,
      rateLimitPerMinute: 10_000,
      validateResponses: true,
    });
    app.use(problemErrorHandler(capturing));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    logged.length = 0;
  });

  it('passes a declared status with a body that matches its schema', async () => {
    const sent = await call(base, 'GET', '/api/answer/good');
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ n: 1 });
    expect(logged).toEqual([]);
  });

  it.each([
    ['an undeclared success status', 'undeclared', 'answer answered 202, which it does not declare'],
    ['a body that does not match its schema', 'wrong-body', 'answer 200 response does not match its schema'],
    ['a missing body where a schema is declared', 'missing-body', 'answer 200 response does not match its schema'],
    ['an error body that is not a problem', 'bad-error', 'answer 404 response does not match its schema'],
  ])('turns %s into a generic 500 problem and logs why', async (_what, mode, reason) => {
    const sent = await call(base, 'GET', `/api/answer/${mode}`);
    expect(sent.status).toBe(500);
    expect(sent.contentType).toContain(PROBLEM_CONTENT_TYPE);
    expect(sent.body).toEqual({
      type: 'urn:baton:problem:internal-server-error',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged',
      instance: `/api/answer/${mode}`,
      requestId: 'req-test',
    });
    expect(sent.text).not.toContain('schema');
    expect(logged).toEqual([
      expect.objectContaining({
        msg: 'request failed',
        err: expect.objectContaining({ message: expect.stringContaining(reason) }),
      }),
    ]);
  });

  it('passes declared and undeclared error statuses whose body is a problem', async () => {
    expect((await call(base, 'GET', '/api/answer/declared-error')).status).toBe(404);
    expect((await call(base, 'GET', '/api/answer/undeclared-error')).status).toBe(409);
  });

  it('passes a declared 204 without a body', async () => {
    expect((await call(base, 'DELETE', '/api/things/abc')).status).toBe(204);
  });

  it('passes a declared status without a schema whatever its body', async () => {
    const sent = await call(base, 'POST', '/api/things/abc/act', { headers: { 'If-Match': '"3"' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ ifMatch: 3 });
  });
});

describe('mountRoutes rate limiting', () => {
  it('answers the third request in a minute with 429 as problem+json when the limit is 2', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 2 });
    const first = await call(base, 'GET', '/api/things/abc');
    const second = await call(base, 'GET', '/api/things/abc');
    const third = await call(base, 'GET', '/api/things/abc');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(third.contentType).toContain(PROBLEM_CONTENT_TYPE);
    expect(third.body).toMatchObject({ status: 429, title: 'Too many requests', instance: '/api/things/abc' });
    expect(third.body?.detail).toContain('2 requests a minute');
  });

  it('counts 40 requests with 40 different junk bearer tokens from one address against that address: 429s', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 30 });
    const before = authenticateCalls;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const junk = { authorization: `Bearer ${i % 2 ? 'baton_' : ''}junk-${i}`, 'x-test-roles': '' };
      statuses.push((await call(base, 'GET', '/api/things/abc', { headers: junk })).status);
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
    // Once the address is over its limit, its tokens are not even looked at (no database lookups).
    expect(authenticateCalls - before).toBe(30);
  });

  it('says when to come back, and limits refused credentials more tightly when configured', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 100, failedAuthPerMinute: 1 });
    const guessing = { authorization: 'Bearer guessed', 'x-test-roles': '' };
    expect((await call(base, 'GET', '/api/things/abc', { headers: guessing })).status).toBe(401);
    const refused = await call(base, 'GET', '/api/things/abc', { headers: guessing });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body?.detail).toBe('More than 1 requests without valid credentials a minute; slow down');
  });

  it('counts an authenticated caller per subject: a new token does not start a new count', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push(
        (
          await call(base, 'GET', '/api/things/abc', {
            headers: { authorization: `Bearer t-${i}`, 'x-test-subject': 'same' },
          })
        ).status,
      );
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('counts by the forwarded client address only behind a trusted proxy (TRUST_PROXY)', async () => {
    const guessFrom = (ip: string) => ({ 'x-forwarded-for': ip, 'x-test-roles': '' });
    const trusted = await serve(ALL, { rateLimitPerMinute: 1 }, true);
    expect((await call(trusted, 'GET', '/api/things/abc', { headers: guessFrom('203.0.113.1') })).status).toBe(401);
    expect((await call(trusted, 'GET', '/api/things/abc', { headers: guessFrom('203.0.113.2') })).status).toBe(401);
    const direct = await serve(ALL, { rateLimitPerMinute: 1 });
    expect((await call(direct, 'GET', '/api/things/abc', { headers: guessFrom('203.0.113.1') })).status).toBe(401);
    expect((await call(direct, 'GET', '/api/things/abc', { headers: guessFrom('203.0.113.2') })).status).toBe(429);
  });

  it('counts per subject: another caller still gets through', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 2 });
    const busy = { authorization: 'Bearer busy-token', 'x-test-subject': 'busy' };
    for (let i = 0; i < 2; i += 1)
      expect((await call(base, 'GET', '/api/things/abc', { headers: busy })).status).toBe(200);
    expect((await call(base, 'GET', '/api/things/abc', { headers: busy })).status).toBe(429);
    expect(
      (
        await call(base, 'GET', '/api/things/abc', {
          headers: { authorization: 'Bearer quiet-token', 'x-test-subject': 'quiet' },
        })
      ).status,
    ).toBe(200);
  });

  it('limits callers whose credentials are refused, before any token is checked', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 2 });
    const guessing = { authorization: 'Bearer guessed', 'x-test-roles': '' };
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await call(base, 'GET', '/api/things/abc', { headers: guessing })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('counts across the routes of one mount', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 2 });
    expect((await call(base, 'GET', '/api/things/abc')).status).toBe(200);
    expect((await call(base, 'GET', '/api/answer/good')).status).toBe(200);
    expect((await call(base, 'DELETE', '/api/things/abc')).status).toBe(429);
  });

  it('limits public routes too (by client address)', async () => {
    const base = await serve(ALL, { rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(base, 'GET', '/ping', { roles: null })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
