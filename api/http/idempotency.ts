import { createHash } from 'node:crypto';
import type { Database } from '../../db/prisma';
import type { Language } from '../../domain/shared/text';
import { problemBody, toProblem } from './error-handler';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';
import type { RouteResult } from './route';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60_000;
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;

export interface IdempotentRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
  instance: string;
  requestId: string;
  /** The caller's language, for a refusal's detail (kept and replayed as answered). */
  language?: () => Promise<Language>;
}

/**
 * Runs a change at most once per (caller, Idempotency-Key). The first request claims the key with an
 * insert; repeats with the same request get its stored response, a different request under the same
 * key is refused (422), and a repeat that arrives while the first still runs waits for its answer.
 * Responses of 5xx are not kept, so a retry after a failure runs again.
 */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(private readonly db: Database) {}

  async run(request: IdempotentRequest, execute: () => Promise<RouteResult>): Promise<RouteResult> {
    await this.purgeExpired();
    const requestHash = fingerprint(request);
    for (;;) {
      if (await this.claim(request, requestHash)) return this.execute(request, execute);
      const earlier = await this.replay(request, requestHash);
      // The first request failed and released the key: this one runs in its place.
      if (earlier !== 'released') return earlier;
    }
  }

  private async execute(request: IdempotentRequest, execute: () => Promise<RouteResult>): Promise<RouteResult> {
    let result: RouteResult;
    try {
      result = await execute();
    } catch (error) {
      // A refusal (4xx) is the answer to this request and is replayed as such; a failure is not.
      const problem = toProblem(error);
      if (problem.status >= 500) {
        await this.release(request);
        throw error;
      }
      const language = (await request.language?.()) ?? 'en';
      result = {
        status: problem.status,
        body: problemBody(problem, request.instance, request.requestId, language),
        headers: { ...problem.headers, 'Content-Language': language },
        contentType: PROBLEM_CONTENT_TYPE,
      };
    }
    if (result.status >= 500) {
      await this.release(request);
      return result;
    }
    await this.db.idempotencyRecord.update({
      where: { principal_key: { principal: request.principal, key: request.key } },
      data: {
        state: 'done',
        responseStatus: result.status,
        responseBody: result.body === undefined ? null : JSON.stringify(result.body),
        responseHeaders: result.headers ?? {},
      },
    });
    return result;
  }

  private async claim(request: IdempotentRequest, requestHash: string): Promise<boolean> {
    const inserted = await this.db.$executeRaw`
      INSERT INTO idempotency_record (principal, key, request_hash, state)
      VALUES (${request.principal}, ${request.key}, ${requestHash}, 'pending')
      ON CONFLICT (principal, key) DO NOTHING`;
    return inserted === 1;
  }

  private async replay(request: IdempotentRequest, requestHash: string): Promise<RouteResult | 'released'> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const record = await this.db.idempotencyRecord.findUnique({
        where: { principal_key: { principal: request.principal, key: request.key } },
      });
      if (!record) return 'released';
      if (record.requestHash !== requestHash) {
        throw new Problem(
          422,
          'Idempotency-Key reused',
          `The ${IDEMPOTENCY_HEADER} was first used for a different request; use a new key`,
        );
      }
      if (record.state === 'done' && record.responseStatus !== null) {
        const body: unknown = record.responseBody === null ? undefined : JSON.parse(record.responseBody);
        const isProblem = record.responseStatus >= 400;
        return {
          status: record.responseStatus,
          body,
          headers: { ...(record.responseHeaders as Record<string, string> | null), 'Idempotent-Replayed': 'true' },
          contentType: isProblem ? PROBLEM_CONTENT_TYPE : undefined,
        };
      }
      if (Date.now() > deadline) {
        throw new Problem(
          409,
          'Request in progress',
          `A request with this ${IDEMPOTENCY_HEADER} is still running; retry later`,
          {},
          undefined,
          { 'Retry-After': '1' },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async release(request: IdempotentRequest): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({
      where: { principal: request.principal, key: request.key, state: 'pending' },
    });
  }

  private async purgeExpired(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(now - RETENTION_MS) } } });
  }
}

function fingerprint(request: IdempotentRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
    .digest('hex');
}

/** JSON with object keys sorted, so the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
