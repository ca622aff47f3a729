import { z } from 'zod';
import { buildOpenApiDocument } from '../../api/http/openapi';
import { defineRoute, type AnyRoute } from '../../api/http/route';

// Plain views of the parts of the document the tests read.
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface MediaType {
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  description?: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const ok = async () => ({ status: 200, body: {} });

const widgetSchema = z.object({ id: z.string(), size: z.number().int() }).meta({ id: 'Widget' });

const routes = {
  health: defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Check health',
    tag: 'ops',
    permission: 'public',
    responses: { 200: { description: 'Healthy', schema: z.object({ status: z.literal('ok') }) } },
    handle: ok,
  }),
  getWidget: defineRoute({
    method: 'get',
    path: '/api/widgets/:id',
    operationId: 'getWidget',
    summary: 'Read a widget',
    tag: 'widgets',
    permission: 'launch:read',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The widget', schema: widgetSchema }, 404: { description: 'No such widget' } },
    handle: ok,
  }),
  listWidgets: defineRoute({
    method: 'get',
    path: '/api/widgets',
    operationId: 'listWidgets',
    summary: 'List widgets',
    tag: 'widgets',
    permission: 'launch:read',
    query: z.object({ limit: z.coerce.number().int().optional() }),
    responses: { 200: { description: 'Widgets', schema: z.array(widgetSchema) } },
    handle: ok,
  }),
  createWidget: defineRoute({
    method: 'post',
    path: '/api/widgets',
    operationId: 'createWidget',
    summary: 'Create a widget',
    tag: 'widgets',
    permission: 'launch:start',
    body: z.object({ size: z.number().int() }),
    idempotent: true,
    responses: { 201: { description: 'Created', schema: widgetSchema } },
    handle: ok,
  }),
  resizeWidget: defineRoute({
    method: 'post',
    path: '/api/widgets/:id/parts/:partKey/resize',
    operationId: 'resizeWidget',
    summary: 'Resize a part',
    tag: 'widgets',
    permission: 'launch:act',
    params: z.object({ id: z.string(), partKey: z.string() }),
    body: z.object({ size: z.number().int() }),
    conditional: true,
    minimalAnswer: true,
    responses: {
      200: { description: 'Resized', schema: widgetSchema },
      412: { description: 'Changed since you read it' },
    },
    handle: ok,
  }),
  deleteWidget: defineRoute({
    method: 'delete',
    path: '/api/widgets/:id',
    operationId: 'deleteWidget',
    summary: 'Delete a widget',
    tag: 'widgets',
    permission: 'token:manage',
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Deleted' } },
    handle: async () => ({ status: 204 }),
  }),
} satisfies Record<string, AnyRoute>;

const doc = buildOpenApiDocument(Object.values(routes)) as unknown as Document;

function op(path: string, method: string): Operation {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path} in ${JSON.stringify(Object.keys(doc.paths))}`);
  return found;
}

const statuses = (operation: Operation) => Object.keys(operation.responses).sort();
const header = (operation: Operation, name: string) =>
  operation.parameters?.find((p) => p.in === 'header' && p.name === name);

describe('buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1.0 document with a bearer security scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Baton API');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('converts Express path parameters to OpenAPI templates and merges methods on one path', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/widgets',
      '/api/widgets/{id}',
      '/api/widgets/{id}/parts/{partKey}/resize',
      '/health',
    ]);
    expect(Object.keys(doc.paths['/api/widgets/{id}']!).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/api/widgets']!).sort()).toEqual(['get', 'post']);
    for (const path of Object.keys(doc.paths)) expect(path).not.toContain(':');
  });

  it('describes path parameters as required, in: path', () => {
    const names = (op('/api/widgets/{id}/parts/{partKey}/resize', 'post').parameters ?? []).filter(
      (p) => p.in === 'path',
    );
    expect(names).toEqual([
      expect.objectContaining({ name: 'id', required: true }),
      expect.objectContaining({ name: 'partKey', required: true }),
    ]);
  });

  it('describes query parameters', () => {
    expect(op('/api/widgets', 'get').parameters).toEqual([expect.objectContaining({ in: 'query', name: 'limit' })]);
  });

  it('keeps the operation id, summary and tag', () => {
    expect(op('/api/widgets/{id}', 'get')).toMatchObject({
      operationId: 'getWidget',
      summary: 'Read a widget',
      tags: ['widgets'],
    });
  });

  describe('public routes', () => {
    const health = op('/health', 'get');

    it('need no security', () => {
      expect(health.security).toEqual([]);
      expect(health.description).toBeUndefined();
    });

    it('have no 401/403 (and no 400 without input)', () => {
      expect(statuses(health)).toEqual(['200', '429', '500']);
    });
  });

  describe('authenticated routes', () => {
    it.each([
      ['/api/widgets/{id}', 'get', 'launch:read'],
      ['/api/widgets', 'post', 'launch:start'],
      ['/api/widgets/{id}', 'delete', 'token:manage'],
    ])('%s %s needs a bearer token and names its permission', (path, method, permission) => {
      const operation = op(path, method);
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(operation.description).toContain(`\`${permission}\``);
    });

    it('answer 401, 403, 429, 500 and 503, and 400 when they take input', () => {
      for (const [path, method] of [
        ['/api/widgets/{id}', 'get'],
        ['/api/widgets', 'get'],
        ['/api/widgets', 'post'],
        ['/api/widgets/{id}', 'delete'],
      ] as const) {
        expect(statuses(op(path, method))).toEqual(expect.arrayContaining(['400', '401', '403', '429', '500', '503']));
      }
      expect(statuses(op('/api/widgets/{id}', 'get'))).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
        '429',
        '500',
        '503',
      ]);
    });
  });

  describe('routes with a body', () => {
    it('take a required JSON request body with its schema', () => {
      expect(op('/api/widgets', 'post').requestBody).toEqual({
        required: true,
        content: {
          'application/json': {
            schema: expect.objectContaining({
              type: 'object',
              properties: { size: { type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) } },
              required: ['size'],
            }),
          },
        },
      });
    });

    it('answer 413 and 415', () => {
      expect(statuses(op('/api/widgets', 'post'))).toEqual(expect.arrayContaining(['413', '415']));
      expect(statuses(op('/api/widgets/{id}/parts/{partKey}/resize', 'post'))).toEqual(
        expect.arrayContaining(['413', '415']),
      );
    });

    it('are the only ones with a request body, 413 or 415', () => {
      for (const operation of [
        op('/health', 'get'),
        op('/api/widgets/{id}', 'get'),
        op('/api/widgets/{id}', 'delete'),
      ]) {
        expect(operation.requestBody).toBeUndefined();
        expect(statuses(operation)).not.toContain('413');
        expect(statuses(operation)).not.toContain('415');
      }
    });
  });

  describe('idempotent routes', () => {
    const create = op('/api/widgets', 'post');

    it('take an optional Idempotency-Key header', () => {
      const parameter = header(create, 'Idempotency-Key');
      expect(parameter).toBeDefined();
      expect(parameter?.required).not.toBe(true);
      expect(parameter?.schema).toMatchObject({ type: 'string' });
    });

    it('answer 409 (still running) and 422 (key reused)', () => {
      expect(statuses(create)).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429', '500', '503']);
    });

    it('are the only ones with that header, 409 or 422', () => {
      const resize = op('/api/widgets/{id}/parts/{partKey}/resize', 'post');
      expect(header(resize, 'Idempotency-Key')).toBeUndefined();
      expect(statuses(resize)).not.toContain('409');
      expect(statuses(resize)).not.toContain('422');
    });
  });

  describe('conditional routes', () => {
    const resize = op('/api/widgets/{id}/parts/{partKey}/resize', 'post');

    it('take an optional If-Match header with the ETag pattern', () => {
      const parameter = header(resize, 'If-Match');
      expect(parameter).toBeDefined();
      expect(parameter?.required).not.toBe(true);
      const pattern = new RegExp(String(parameter?.schema?.pattern));
      expect(pattern.test('"7"')).toBe(true);
      expect(pattern.test('W/"7"')).toBe(true);
      expect(pattern.test('abc')).toBe(false);
    });

    it('keep the 412 they declare', () => {
      expect(resize.responses['412']).toEqual({
        description: 'Changed since you read it',
        content: { 'application/problem+json': { schema: PROBLEM_REF } },
      });
    });

    it('are the only ones with If-Match', () => {
      expect(header(op('/api/widgets', 'post'), 'If-Match')).toBeUndefined();
      expect(header(op('/api/widgets/{id}', 'get'), 'If-Match')).toBeUndefined();
    });
  });

  describe('routes with a minimal answer', () => {
    const resize = op('/api/widgets/{id}/parts/{partKey}/resize', 'post');

    it('take an optional Prefer header and declare the bodiless 204 it gets', () => {
      expect(header(resize, 'Prefer')?.required).not.toBe(true);
      expect(header(resize, 'Prefer')?.schema).toMatchObject({ type: 'string' });
      expect(resize.responses['204']).toEqual({
        description: 'Done as asked with Prefer: return=minimal; ETag is the new version',
      });
    });

    it('are the only ones with Prefer', () => {
      expect(header(op('/api/widgets', 'post'), 'Prefer')).toBeUndefined();
      expect(op('/api/widgets', 'post').responses['204']).toBeUndefined();
    });
  });

  describe('responses', () => {
    it('keep declared success schemas, as a reference when the schema has an id', () => {
      expect(op('/api/widgets/{id}', 'get').responses['200']).toEqual({
        description: 'The widget',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Widget' } } },
      });
      expect(doc.components.schemas.Widget).toMatchObject({ type: 'object', required: ['id', 'size'] });
    });

    it('inline a declared schema without an id', () => {
      expect(op('/health', 'get').responses['200']?.content?.['application/json']?.schema).toMatchObject({
        type: 'object',
        properties: { status: { type: 'string', const: 'ok' } },
      });
    });

    it('give a bodiless response (204) no content', () => {
      expect(op('/api/widgets/{id}', 'delete').responses['204']).toEqual({ description: 'Deleted' });
    });

    it('send every error, declared or common, as application/problem+json with the Problem schema', () => {
      let errorCount = 0;
      for (const methods of Object.values(doc.paths)) {
        for (const operation of Object.values(methods)) {
          for (const [status, response] of Object.entries(operation.responses)) {
            if (Number(status) < 400) continue;
            errorCount += 1;
            expect(response.content).toEqual({ 'application/problem+json': { schema: PROBLEM_REF } });
          }
        }
      }
      expect(errorCount).toBeGreaterThan(20);
    });

    it('keep the description a route declares for an error', () => {
      expect(op('/api/widgets/{id}', 'get').responses['404']?.description).toBe('No such widget');
    });

    it('define the Problem schema once, in components', () => {
      expect(doc.components.schemas.Problem).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['type', 'title', 'status']),
        properties: expect.objectContaining({
          requestId: { type: 'string' },
          errors: expect.objectContaining({ type: 'array' }),
        }),
      });
    });
  });
});
