import { ApplicationFailure } from '@temporalio/common';
import { STATUS_CODES } from 'node:http';
import {
  isGrpcServiceError,
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../runtime/logger';
import { isDatabaseUnavailable } from './database-unavailable';
import type { Language } from '../../domain/shared/text';
import { apiSays } from './api-text';
import { invalidRequest, Problem, PROBLEM_CONTENT_TYPE } from './problem';
import { asText, problemDetail } from './problem-text';
import { fieldIssue, wordFieldIssue } from './field-issue';
import { headerLanguage, type ReaderLanguage } from './reader-language';
import { NoWorkerPolling } from './worker-presence';
import { isQueryBufferFull, isQueryWithoutHandler } from './workflow-access';

/** Seconds a caller should wait before retrying after a dependency was unavailable. */
export const RETRY_AFTER_SECONDS = 5;
const RETRY_AFTER = { 'Retry-After': String(RETRY_AFTER_SECONDS) };

// gRPC status codes the Temporal client surfaces when the server cannot be reached.
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
// What a call whose deadline passed during the client's connection retries can end with instead.
const GRPC_CANCELLED = 1;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_RESOURCE_EXHAUSTED = 8;

/** Workflow update rejections (validator failures) by ApplicationFailure type. */
const REJECTION_STATUS: Record<string, { status: number; title: string }> = {
  'unknown-item': { status: 422, title: 'Unknown checklist item' },
  'invalid-transition': { status: 409, title: 'Action not allowed in the current state' },
  'stale-version': { status: 412, title: 'Precondition failed' },
  'gate-not-ready': { status: 409, title: 'Gate not ready' },
  'evidence-required': { status: 422, title: 'Evidence required' },
  'invalid-date': { status: 422, title: 'Unusable date' },
  'invalid-value': { status: 422, title: 'Unusable value' },
  'limit-reached': { status: 409, title: 'Limit reached' },
  forbidden: { status: 403, title: 'Forbidden' },
};

/**
 * Maps every error a route can raise to a problem+json response, in one place; the detail is in
 * the caller's language (`language`), which Content-Language names.
 */
export function problemErrorHandler(logger: Logger, language: ReaderLanguage = headerLanguage): ErrorRequestHandler {
  return async (error, req, res, _next) => {
    const problem = toProblem(error);
    const requestId = res.locals.requestId as string | undefined;
    if (problem.status >= 500)
      logger.error({ err: error, method: req.method, url: req.originalUrl, requestId }, 'request failed');
    const reader = await language(req, res);
    res
      .status(problem.status)
      .set({ ...problem.headers, 'Content-Language': reader })
      .type(PROBLEM_CONTENT_TYPE)
      .json(problemBody(problem, req.originalUrl, requestId, reader));
  };
}

/** The JSON a problem is sent as, its detail in `language`; the request id lets a caller quote the failing request. */
export function problemBody(
  problem: Problem,
  instance: string,
  requestId?: string,
  language: Language = 'en',
): Record<string, unknown> {
  const body = problem.toJSON(instance);
  return {
    ...body,
    detail: problemDetail(problem, language),
    ...(Array.isArray(body['errors'])
      ? { errors: body['errors'].map((issue) => wordFieldIssue(issue, language)) }
      : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export const routeNotFound: RequestHandler = (req) => {
  throw new Problem(404, 'Not found', `No route for ${req.method} ${req.path}`);
};

export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof ZodError) {
    return invalidRequest(apiSays('api.invalid.schema'), error.issues.map(fieldIssue));
  }
  const bodyParserProblem = fromBodyParser(error);
  if (bodyParserProblem) return bodyParserProblem;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const rejection = REJECTION_STATUS[error.cause.type ?? ''];
    const text = asText(error.cause.details?.[0]);
    // A refusal's details carry its catalog text (workflows/shared/case-loop.ts) for the caller's language.
    if (rejection)
      return new Problem(
        rejection.status,
        rejection.title,
        text ? { summary: error.cause.message, message: text } : error.cause.message,
      );
  }
  if (error instanceof WorkflowNotFoundError) return new Problem(404, 'Not found', apiSays('api.not-found.run'));
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new Problem(
      503,
      'Run did not answer in time',
      'No worker handled the action in time; nothing was lost, try again shortly',
      {},
      undefined,
      RETRY_AFTER,
    );
  }
  if (error instanceof NoWorkerPolling || isNoPollerSeen(error)) {
    return new Problem(
      503,
      'No worker',
      `No worker polls the task queue${error instanceof NoWorkerPolling ? ` ${error.taskQueue}` : ''}; nothing was changed, try again shortly`,
      {},
      undefined,
      RETRY_AFTER,
    );
  }
  // A run that has no handler for the query is a code mismatch, not something a retry mends: a 500.
  if (
    error instanceof QueryRejectedError ||
    (error instanceof QueryNotRegisteredError && !isQueryWithoutHandler(error)) ||
    isQueryOfFailingTask(error) ||
    isQueryBufferFull(error)
  ) {
    return new Problem(
      503,
      'Live state unavailable',
      'The run could not answer a read of its live state just now; nothing was changed, try again shortly',
      {},
      undefined,
      RETRY_AFTER,
    );
  }
  // Temporal refuses an Update (before accepting it) while the run has its limit of Updates in flight.
  if (isRunBusy(error)) {
    return new Problem(503, 'Run busy', apiSays('api.unavailable.run-busy'), {}, undefined, RETRY_AFTER);
  }
  if ((error instanceof ServiceError && isUnavailable(error)) || isUnavailableRpc(error)) {
    return new Problem(
      503,
      'Temporal unavailable',
      'The workflow service cannot be reached; try again shortly',
      {},
      undefined,
      RETRY_AFTER,
    );
  }
  // Before the generic 500: a database outage is temporary, whichever route or store met it.
  if (isDatabaseUnavailable(error)) {
    return new Problem(
      503,
      'Database unavailable',
      'The database cannot be reached right now; try again shortly',
      {},
      undefined,
      RETRY_AFTER,
    );
  }
  return new Problem(500, 'Internal server error', 'An unexpected error occurred; it has been logged');
}

/** body-parser marks client errors with a 4xx `status` and `expose: true`. */
function fromBodyParser(error: unknown): Problem | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const { type, status, expose } = error as { type: unknown; status?: unknown; expose?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new Problem(400, 'Malformed JSON', apiSays('api.invalid.json'));
    case 'entity.too.large':
      return new Problem(413, 'Payload too large', apiSays('api.invalid.too-large'));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new Problem(415, 'Unsupported media type', apiSays('api.invalid.encoding'));
    default:
      if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
        return new Problem(
          status,
          STATUS_CODES[status] ?? 'Bad request',
          `The request body could not be read (${String(type)})`,
        );
      }
      return undefined;
  }
}

function isUnavailable(error: ServiceError): boolean {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED;
}

/**
 * Temporal refuses a query while the run's last workflow task failed or timed out (a worker was
 * killed mid-task, say); the next task attempt on a live worker clears it.
 */
function isQueryOfFailingTask(error: unknown): boolean {
  const cause =
    error instanceof ServiceError ? (error.cause as { code?: unknown; details?: unknown } | undefined) : undefined;
  return (
    cause?.code === GRPC_FAILED_PRECONDITION && /workflow task in failed state/i.test(String(cause.details ?? error))
  );
}

/** RESOURCE_EXHAUSTED for one run (its in-flight Update limit, "Workflow is busy"): an overload that passes. */
function isRunBusy(error: unknown): boolean {
  const cause =
    error instanceof ServiceError ? (error.cause as { code?: unknown; details?: unknown } | undefined) : undefined;
  return cause?.code === GRPC_RESOURCE_EXHAUSTED;
}

/** A raw gRPC error from a direct service call (e.g. DescribeTaskQueue), which the client does not wrap. */
function isUnavailableRpc(error: unknown): boolean {
  return isGrpcServiceError(error) && (error.code === GRPC_UNAVAILABLE || error.code === GRPC_DEADLINE_EXCEEDED);
}

/** Temporal's answer to a query when the worker went away after the last presence check. */
function isNoPollerSeen(error: unknown): boolean {
  return error instanceof Error && /no poller seen/i.test(`${error.message} ${String(error.cause ?? '')}`);
}
