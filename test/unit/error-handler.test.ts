import {
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import type { ZodError } from 'zod';
import { problemErrorHandler, routeNotFound, toProblem } from '../../api/http/error-handler';
import { startLaunchSchema } from '../../api/launch/schemas';
import { Problem, PROBLEM_CONTENT_TYPE } from '../../api/http/problem';
import { isQueryWithoutHandler } from '../../api/http/workflow-access';

// gRPC status codes as @grpc/grpc-js reports them on the error the Temporal client wraps.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;
const GRPC_UNAVAILABLE = 14;

const VALID_START = { launchId: 'acme-2030', productName: 'Acme Suite', launchDate: '2030-03-01' };

function zodErrorFor(body: unknown): ZodError {
  const result = startLaunchSchema.safeParse(body);
  if (result.success) throw new Error(`test setup: body was valid: ${JSON.stringify(body)}`);
  return result.error;
}

function grpcError(code: number, message: string): Error {
  return Object.assign(new Error(`${code} ${message}`), { code, details: message, metadata: {} });
}

function updateFailed(cause: Error | undefined): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError('Workflow Update failed', cause);
}

/** The properties a problem carries, for comparison; a Problem is an Error, so toEqual on it is unreliable. */
function shape(problem: Problem) {
  return { status: problem.status, title: problem.title, detail: problem.detail, type: problem.type };
}

describe('Problem', () => {
  it('derives a urn:baton:problem type from the title', () => {
    expect(new Problem(409, 'Action not allowed in the current state').type).toBe(
      'urn:baton:problem:action-not-allowed-in-the-current-state',
    );
  });

  it('slugs punctuation and trims dashes at either end', () => {
    expect(new Problem(400, '  Oops!! Bad JSON (again) ').type).toBe('urn:baton:problem:oops-bad-json-again');
  });

  it('accepts an explicit type', () => {
    expect(new Problem(400, 'Whatever', undefined, {}, 'https://example.com/probs/x').type).toBe(
      'https://example.com/probs/x',
    );
  });

  it('is an Error whose message is the detail, or the title without one', () => {
    const withDetail = new Problem(404, 'Not found', 'No such run');
    expect(withDetail).toBeInstanceOf(Error);
    expect(withDetail.name).toBe('Problem');
    expect(withDetail.message).toBe('No such run');
    expect(new Problem(404, 'Not found').message).toBe('Not found');
  });

  it('renders RFC 9457 members with the instance and extension members', () => {
    const problem = new Problem(400, 'Invalid request', 'Bad body', { errors: [{ path: 'x' }], traceId: 't-1' });
    expect(problem.toJSON('/api/launches')).toEqual({
      type: 'urn:baton:problem:invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: 'Bad body',
      instance: '/api/launches',
      errors: [{ path: 'x' }],
      traceId: 't-1',
    });
  });

  it('never lets an extension member overwrite a standard one', () => {
    const problem = new Problem(409, 'Conflict', 'real detail', {
      status: 200,
      type: 'forged',
      title: 'forged',
      detail: 'forged',
    });
    expect(problem.toJSON('/x')).toMatchObject({
      status: 409,
      type: 'urn:baton:problem:conflict',
      title: 'Conflict',
      detail: 'real detail',
    });
  });

  it('omits instance and detail from the JSON text when not given', () => {
    expect(JSON.parse(JSON.stringify(new Problem(404, 'Not found').toJSON()))).toEqual({
      type: 'urn:baton:problem:not-found',
      title: 'Not found',
      status: 404,
    });
  });
});

describe('toProblem', () => {
  describe('validation errors', () => {
    it('maps a ZodError to 400 listing every issue as {path, message, code}', () => {
      const problem = toProblem(
        zodErrorFor({ ...VALID_START, launchId: 'Bad Id', launchDate: '2030-02-30', extra: true }),
      );
      expect(problem.status).toBe(400);
      expect(problem.title).toBe('Invalid request');
      const errors = problem.toJSON().errors as { path: string; message: string; code: string }[];
      expect(errors).toEqual(
        expect.arrayContaining([
          { path: 'launchId', message: expect.stringContaining('launch id must be'), code: 'invalid_format' },
          { path: 'launchDate', message: expect.any(String), code: 'invalid_format' },
          { path: '', message: expect.stringContaining('extra'), code: 'unrecognized_keys' },
        ]),
      );
      expect(errors).toHaveLength(3);
      for (const error of errors) expect(Object.keys(error).sort()).toEqual(['code', 'message', 'path']);
    });

    it('joins nested paths with dots', () => {
      const problem = toProblem(zodErrorFor({ ...VALID_START, template: { key: 'launch-readiness', version: 1.5 } }));
      expect(problem.toJSON().errors).toEqual([expect.objectContaining({ path: 'template.version' })]);
    });
  });

  describe('body-parser errors', () => {
    const bodyParserError = (type: string) => Object.assign(new Error('raw body-parser message'), { type });

    it.each([
      ['entity.parse.failed', 400, 'Malformed JSON'],
      ['entity.too.large', 413, 'Payload too large'],
      ['encoding.unsupported', 415, 'Unsupported media type'],
      ['charset.unsupported', 415, 'Unsupported media type'],
    ])('%s -> %d', (type, status, title) => {
      const problem = toProblem(bodyParserError(type));
      expect(problem.status).toBe(status);
      expect(problem.title).toBe(title);
      expect(problem.detail).not.toContain('raw body-parser message');
    });

    it('treats an error with an unrecognised type as a 500', () => {
      expect(toProblem(bodyParserError('something.else')).status).toBe(500);
    });

    it.each([
      ['request.aborted', 400, 'Bad Request'],
      ['request.size.invalid', 400, 'Bad Request'],
      ['parameters.too.many', 413, 'Payload Too Large'],
    ])('maps any other exposed client error (%s) to its own status', (type, status, title) => {
      const problem = toProblem(Object.assign(new Error('raw'), { type, status, expose: true }));
      expect(problem.status).toBe(status);
      expect(problem.title).toBe(title);
      expect(problem.detail).toContain(type);
    });

    it('does not trust a 5xx or unexposed status from a typed error', () => {
      expect(toProblem(Object.assign(new Error('raw'), { type: 'x', status: 502, expose: true })).status).toBe(500);
      expect(toProblem(Object.assign(new Error('raw'), { type: 'x', status: 400, expose: false })).status).toBe(500);
    });
  });

  it('passes a Problem through unchanged', () => {
    const original = new Problem(418, "I'm a teapot", 'short and stout', { spout: true });
    expect(toProblem(original)).toBe(original);
    expect(original.toJSON()).toMatchObject({ status: 418, detail: 'short and stout', spout: true });
  });

  it('maps WorkflowNotFoundError to 404 without echoing the workflow id', () => {
    const problem = toProblem(new WorkflowNotFoundError('workflow not found', 'launch:acme-2030', undefined));
    expect(shape(problem)).toEqual({
      status: 404,
      title: 'Not found',
      detail: 'No such run',
      type: 'urn:baton:problem:not-found',
    });
  });

  describe('workflow update rejections', () => {
    it('maps an unknown-item rejection to 422 with the failure message as detail', () => {
      const cause = ApplicationFailure.create({
        type: 'unknown-item',
        message: 'Launch acme has no checklist item "x"',
      });
      const problem = toProblem(updateFailed(cause));
      expect(problem.status).toBe(422);
      expect(problem.detail).toBe('Launch acme has no checklist item "x"');
      expect(problem.type).toBe('urn:baton:problem:unknown-checklist-item');
    });

    it('maps an invalid-transition rejection to 409 with the failure message as detail', () => {
      const cause = ApplicationFailure.create({
        type: 'invalid-transition',
        message: 'Item "x" was already completed by ann',
      });
      const problem = toProblem(updateFailed(cause));
      expect(problem.status).toBe(409);
      expect(problem.detail).toBe('Item "x" was already completed by ann');
    });

    it('maps a stale-version rejection to 412 with the failure message as detail', () => {
      const cause = ApplicationFailure.create({
        type: 'stale-version',
        message: 'Launch acme is at version 3, not 2; reload and retry',
      });
      const problem = toProblem(updateFailed(cause));
      expect(shape(problem)).toEqual({
        status: 412,
        title: 'Precondition failed',
        detail: 'Launch acme is at version 3, not 2; reload and retry',
        type: 'urn:baton:problem:precondition-failed',
      });
    });

    it.each([
      [
        'an unknown failure type',
        () => updateFailed(ApplicationFailure.create({ type: 'KaboomError', message: 'secret internals' })),
      ],
      ['no failure type', () => updateFailed(ApplicationFailure.create({ message: 'secret internals' }))],
      [
        'a cause that is not an ApplicationFailure',
        () => updateFailed(Object.assign(new Error('secret internals'), { type: 'unknown-item' })),
      ],
      ['no cause', () => new WorkflowUpdateFailedError('secret internals', undefined)],
    ])('maps an update failure with %s to 500 without its message', (_what, make) => {
      const problem = toProblem(make());
      expect(problem.status).toBe(500);
      expect(JSON.stringify(problem.toJSON('/x'))).not.toContain('secret internals');
    });
  });

  it('maps an update that no worker answered in time to 503', () => {
    const problem = toProblem(
      new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', {
        cause: grpcError(GRPC_DEADLINE_EXCEEDED, 'deadline'),
      }),
    );
    expect(problem.status).toBe(503);
    expect(problem.title).toBe('Run did not answer in time');
  });

  describe('failed queries of live state', () => {
    // The client reports every failed query as a QueryNotRegisteredError, whatever the worker said.
    const failedQuery = (message: string) => new QueryNotRegisteredError(message, 3);

    it.each([
      ['a query the run failed to answer', () => failedQuery('Workflow activation failed: nondeterminism')],
      ['a query handler that threw', () => failedQuery('Cannot read properties of undefined')],
      ['a query Temporal rejected for the run status', () => new QueryRejectedError(2)],
      [
        'a query of a run whose last workflow task failed (a worker killed mid-task)',
        () =>
          new ServiceError('Failed to query Workflow', {
            cause: grpcError(9, 'Unable to query workflow due to Workflow Task in failed state.'),
          }),
      ],
      [
        'a query Temporal would not buffer while the run is busy (seen at 50 actions/s)',
        () =>
          new ServiceError('Failed to query Workflow', {
            cause: grpcError(
              8,
              'consistent query buffer is full, this may be caused by too many queries and workflow not able to process query fast enough',
            ),
          }),
      ],
    ])('maps %s to 503 with Retry-After', (_what, make) => {
      const problem = toProblem(make());
      expect({ status: problem.status, title: problem.title, retryAfter: problem.headers['Retry-After'] }).toEqual({
        status: 503,
        title: 'Live state unavailable',
        retryAfter: expect.stringMatching(/^\d+$/),
      });
    });

    it('maps a query the run has no handler for (code that does not match the run) to 500, and only that', () => {
      const unhandled = failedQuery('Workflow did not register a handler for getPocState. Registered queries: [x]');
      expect(isQueryWithoutHandler(unhandled)).toBe(true);
      expect(toProblem(unhandled).status).toBe(500);
      expect(isQueryWithoutHandler(failedQuery('Workflow activation failed'))).toBe(false);
      expect(isQueryWithoutHandler(new Error('did not register a handler for x'))).toBe(false);
    });
  });

  describe('Temporal service errors', () => {
    it.each([
      ['UNAVAILABLE', GRPC_UNAVAILABLE],
      ['DEADLINE_EXCEEDED', GRPC_DEADLINE_EXCEEDED],
      ['CANCELLED (a deadline that passed mid-retry; seen by the chaos check)', 1],
    ])('maps a ServiceError caused by gRPC %s to 503', (_name, code) => {
      const problem = toProblem(
        new ServiceError('Failed to start Workflow', { cause: grpcError(code, 'No connection established') }),
      );
      expect(problem.status).toBe(503);
      expect(problem.title).toBe('Temporal unavailable');
      expect(problem.detail).not.toContain('No connection established');
    });

    it.each([
      ['its limit of Updates in flight', 'limit on number of concurrent in-flight updates has been reached (10)'],
      ['a busy run', 'Workflow is busy.'],
    ])('maps RESOURCE_EXHAUSTED for %s (seen at 50 actions/s) to 503 Run busy with Retry-After', (_what, details) => {
      const problem = toProblem(new ServiceError('Workflow Update failed', { cause: grpcError(8, details) }));
      expect({ status: problem.status, title: problem.title, retryAfter: problem.headers['Retry-After'] }).toEqual({
        status: 503,
        title: 'Run busy',
        retryAfter: expect.stringMatching(/^\d+$/),
      });
    });

    it('maps a ServiceError with another gRPC code to 500', () => {
      const error = new ServiceError('Unexpected error', { cause: grpcError(GRPC_NOT_FOUND, 'gone') });
      expect(toProblem(error).status).toBe(500);
    });

    it('maps a ServiceError without a cause to 500', () => {
      expect(toProblem(new ServiceError('Unexpected error')).status).toBe(500);
    });
  });

  describe('anything else', () => {
    it.each([
      ['an Error', () => new Error('db password is hunter2')],
      ['a TypeError', () => new TypeError('db password is hunter2')],
      ['a thrown string', () => 'db password is hunter2'],
      ['null', () => null],
      ['undefined', () => undefined],
      ['an object with a null type', () => ({ type: null, message: 'db password is hunter2' })],
    ])('maps %s to a generic 500 without its message or stack', (_what, make) => {
      const problem = toProblem(make());
      expect(shape(problem)).toEqual({
        status: 500,
        title: 'Internal server error',
        detail: 'An unexpected error occurred; it has been logged',
        type: 'urn:baton:problem:internal-server-error',
      });
      const body = JSON.stringify(problem.toJSON('/api/launches'));
      expect(body).not.toContain('hunter2');
      expect(body).not.toMatch(/stack|\bat .*:\d+:\d+/);
    });
  });
});

describe('routeNotFound', () => {
  it('throws a 404 Problem naming the method and path', () => {
    const req = { method: 'DELETE', path: '/api/nowhere', originalUrl: '/api/nowhere?x=1' } as Request;
    const next = jest.fn();
    let thrown: unknown;
    try {
      routeNotFound(req, {} as Response, next);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Problem);
    expect(shape(thrown as Problem)).toEqual({
      status: 404,
      title: 'Not found',
      detail: 'No route for DELETE /api/nowhere',
      type: 'urn:baton:problem:not-found',
    });
    expect(next).not.toHaveBeenCalled();
  });
});

describe('problemErrorHandler', () => {
  interface Recorded {
    status?: number;
    type?: string;
    headers: Record<string, string>;
    body?: Record<string, unknown>;
  }

  /** Just enough of an Express response to record what the handler sends. */
  function fakeResponse(requestId?: string): { res: Response; sent: Recorded } {
    const sent: Recorded = { headers: {} };
    const res = {
      locals: requestId === undefined ? {} : { requestId },
      set(fields: Record<string, string>) {
        Object.assign(sent.headers, fields);
        return this;
      },
      status(code: number) {
        sent.status = code;
        return this;
      },
      type(contentType: string) {
        sent.type = contentType;
        return this;
      },
      json(body: Record<string, unknown>) {
        sent.body = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
        return this;
      },
    };
    return { res: res as unknown as Response, sent };
  }

  /** A real pino logger writing JSON lines into an array. */
  function capturingLogger() {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    return { logger, lines };
  }

  async function handle(
    error: unknown,
    originalUrl = '/api/launches/acme/items/x/complete?dry=1',
    requestId?: string,
    acceptLanguage?: string,
  ) {
    const { logger, lines } = capturingLogger();
    const { res, sent } = fakeResponse(requestId);
    const headers: Record<string, string | undefined> = { 'accept-language': acceptLanguage };
    const req = {
      method: 'POST',
      originalUrl,
      path: originalUrl.split('?')[0],
      get: (name: string) => headers[name.toLowerCase()],
    } as unknown as Request;
    const next = jest.fn() as NextFunction;
    await problemErrorHandler(logger)(error, req, res, next);
    expect(next).not.toHaveBeenCalled();
    return { sent, lines };
  }

  it('sends a 4xx problem as application/problem+json with the request URL as instance', async () => {
    const { sent } = await handle(new Problem(409, 'Action not allowed in the current state', 'already done'));
    expect(sent.status).toBe(409);
    expect(sent.type).toBe(PROBLEM_CONTENT_TYPE);
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
    expect(sent.body).toEqual({
      type: 'urn:baton:problem:action-not-allowed-in-the-current-state',
      title: 'Action not allowed in the current state',
      status: 409,
      detail: 'already done',
      instance: '/api/launches/acme/items/x/complete?dry=1',
    });
  });

  it('sends the same status in the body as on the response', async () => {
    const { sent } = await handle(zodErrorFor({}));
    expect(sent.status).toBe(400);
    expect(sent.body?.status).toBe(400);
    expect(sent.body?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'launchId' })]));
  });

  it.each([
    ['a Problem', new Problem(404, 'Not found', 'nope')],
    ['a validation error', zodErrorFor({})],
    ['a body-parser error', Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed' })],
    ['an update rejection', updateFailed(ApplicationFailure.create({ type: 'invalid-transition', message: 'done' }))],
  ])('does not log %s (4xx)', async (_what, error) => {
    const { sent, lines } = await handle(error);
    expect(sent.status).toBeGreaterThanOrEqual(400);
    expect(sent.status).toBeLessThan(500);
    expect(lines).toEqual([]);
  });

  it('logs an unexpected error with its details but sends only a generic 500', async () => {
    const error = new Error('db password is hunter2');
    const { sent, lines } = await handle(error);
    expect(sent.status).toBe(500);
    expect(sent.type).toBe(PROBLEM_CONTENT_TYPE);
    expect(sent.body).toEqual({
      type: 'urn:baton:problem:internal-server-error',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged',
      instance: '/api/launches/acme/items/x/complete?dry=1',
    });
    expect(JSON.stringify(sent.body)).not.toContain('hunter2');
    expect(JSON.stringify(sent.body)).not.toContain('error-handler.test');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50, // pino's "error"
      msg: 'request failed',
      method: 'POST',
      url: '/api/launches/acme/items/x/complete?dry=1',
      err: { message: 'db password is hunter2', stack: expect.stringContaining('error-handler.test') },
    });
  });

  it('logs a 503 when Temporal is unreachable', async () => {
    const error = new ServiceError('Failed to query Workflow', {
      cause: grpcError(GRPC_UNAVAILABLE, 'No connection established'),
    });
    const { sent, lines } = await handle(error);
    expect(sent.status).toBe(503);
    expect(sent.body?.title).toBe('Temporal unavailable');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(50);
  });

  it('logs a Problem thrown with a 5xx status', async () => {
    const { sent, lines } = await handle(new Problem(502, 'Bad gateway'));
    expect(sent.status).toBe(502);
    expect(lines).toHaveLength(1);
  });

  it('adds no requestId member when the request has none', async () => {
    const { sent, lines } = await handle(new Error('boom'));
    expect(sent.body).not.toHaveProperty('requestId');
    expect(lines[0]).not.toHaveProperty('requestId');
  });

  it('puts the request id in the body of a 4xx problem, without logging it', async () => {
    const { sent, lines } = await handle(new Problem(404, 'Not found', 'nope'), '/api/launches/x', 'req-4xx-1');
    expect(sent.status).toBe(404);
    expect(sent.body).toMatchObject({ requestId: 'req-4xx-1', status: 404, instance: '/api/launches/x' });
    expect(lines).toEqual([]);
  });

  it('puts the request id in both the body and the log line of a 5xx, so a caller can quote it', async () => {
    const { sent, lines } = await handle(new Error('db password is hunter2'), '/api/launches', 'req-5xx-42');
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      type: 'urn:baton:problem:internal-server-error',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged',
      instance: '/api/launches',
      requestId: 'req-5xx-42',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request failed', requestId: 'req-5xx-42', url: '/api/launches' });
  });

  it('sends the headers that belong with the problem (e.g. Retry-After)', async () => {
    const problem = new Problem(409, 'Request in progress', 'still running', {}, undefined, { 'Retry-After': '1' });
    const { sent } = await handle(problem);
    expect(sent.status).toBe(409);
    expect(sent.headers).toEqual({ 'Retry-After': '1', 'Content-Language': 'en' });
  });

  it('sends no extra headers for a problem without any but its language', async () => {
    expect((await handle(new Problem(404, 'Not found'))).sent.headers).toEqual({ 'Content-Language': 'en' });
  });

  describe("in the caller's language", () => {
    const refusal = () =>
      updateFailed(
        ApplicationFailure.create({
          type: 'invalid-transition',
          message: 'A rejection needs its reason',
          details: [{ key: 'poc.refused.rejection-reason', params: {} }],
        }),
      );

    it('words a refusal that carries its text in Chinese for Accept-Language zh*, keeping type, title and status', async () => {
      const { sent } = await handle(refusal(), '/api/pocs/x/actions', undefined, 'zh-CN,zh;q=0.9,en;q=0.8');
      expect(sent.headers['Content-Language']).toBe('zh');
      expect(sent.body).toMatchObject({
        type: 'urn:baton:problem:action-not-allowed-in-the-current-state',
        title: 'Action not allowed in the current state',
        status: 409,
        detail: '驳回需要填写原因',
      });
    });

    it('keeps the English wording for English, for a language Baton does not speak, and without the header', async () => {
      for (const header of ['en-GB', 'fr-FR, de;q=0.5', undefined, 'zh;q=0, en']) {
        const { sent } = await handle(refusal(), '/api/pocs/x/actions', undefined, header);
        expect(sent.body?.detail).toBe('A rejection needs its reason');
        expect(sent.headers['Content-Language']).toBe('en');
      }
    });

    it("words the API's own refusals (schema validation) in Chinese too", async () => {
      const { sent } = await handle(zodErrorFor({}), '/api/launches', undefined, 'zh');
      expect(sent.status).toBe(400);
      expect(sent.body?.detail).toBe('请求内容不符合接口要求的格式');
    });

    it('falls back to the English detail for a text a later release wrote', async () => {
      const failure = ApplicationFailure.create({
        type: 'invalid-transition',
        message: 'Something new',
        details: [{ key: 'poc.refused.not-yet-known', params: {} }],
      });
      const { sent } = await handle(updateFailed(failure), '/api/pocs/x/actions', undefined, 'zh');
      expect(sent.body?.detail).toBe('Something new');
    });
  });
});
