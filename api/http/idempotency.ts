import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
/**
 * How long a pending claim holds without its process renewing it. Short, so a retry after the API
 * died mid-request recovers within seconds; renewed while the request runs, so a slow one keeps it.
 */
const DEFAULT_LEASE_MS = 15_000;

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
 *
 * A claim has an owner (this API process) and a lease the owner renews while the request runs. When
 * the process dies between acting and storing the response, the lease runs out and a retry takes the
 * claim over and runs the request again: the change itself must then be idempotent, which it is
 * because starts use business ids and Updates carry the update id `run` passes to `execute` (Temporal
 * answers a resent Update with its first outcome instead of applying it again).
 */
export class IdempotencyStore {
  private lastPurge = 0;
  private readonly leaseMs: number;
  /** Names this process in the claims it holds. */
  readonly owner: string;

  constructor(
    private readonly db: Database,
    options: { leaseMs?: number } = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  }

  /** `execute` gets the Temporal update id that makes a rerun of this request the same Update. */
  async run(request: IdempotentRequest, execute: (updateId: string) => Promise<RouteResult>): Promise<RouteResult> {
    await this.purgeExpired();
    const requestHash = fingerprint(request);
    const run = () => this.execute(request, () => execute(updateIdFor(request, requestHash)));
    for (;;) {
      if (await this.claim(request, requestHash)) return run();
      const earlier = await this.replay(request, requestHash);
      // The first request's process died (its lease ran out): this one runs in its place.
      if (earlier === 'taken-over') return run();
      // The first request failed and released the key: this one claims it anew.
      if (earlier !== 'released') return earlier;
    }
  }

  private async execute(request: IdempotentRequest, execute: () => Promise<RouteResult>): Promise<RouteResult> {
    let result: RouteResult;
    // Renewed well before it runs out; a failed renewal is retried at the next tick, and if the
    // database stays away the request's own writes fail too.
    const renewal = setInterval(() => void this.renew(request).catch(() => undefined), this.leaseMs / 3);
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
    } finally {
      clearInterval(renewal);
    }
    if (result.status >= 500) {
      await this.release(request);
      return result;
    }
    // Only while the claim is still ours: a retry that took it over stores its own (equal) answer.
    await this.db.idempotencyRecord.updateMany({
      where: { principal: request.principal, key: request.key, state: 'pending', owner: this.owner },
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
      INSERT INTO idempotency_record (principal, key, request_hash, state, owner, lease_until)
      VALUES (${request.principal}, ${request.key}, ${requestHash}, 'pending', ${this.owner},
              now() + ${this.leaseMs}::int * interval '1 millisecond')
      ON CONFLICT (principal, key) DO NOTHING`;
    return inserted === 1;
  }

  /**
   * Takes over a pending claim whose lease ran out (the database's clock decides, so API replicas
   * with skewed clocks agree). A claim from before leases existed counts from its creation.
   */
  private async takeOver(request: IdempotentRequest, requestHash: string): Promise<boolean> {
    const taken = await this.db.$executeRaw`
      UPDATE idempotency_record
         SET owner = ${this.owner}, lease_until = now() + ${this.leaseMs}::int * interval '1 millisecond'
       WHERE principal = ${request.principal} AND key = ${request.key} AND request_hash = ${requestHash}
         AND state = 'pending'
         AND coalesce(lease_until, created_at + ${this.leaseMs}::int * interval '1 millisecond') < now()`;
    return taken === 1;
  }

  private async renew(request: IdempotentRequest): Promise<void> {
    await this.db.$executeRaw`
      UPDATE idempotency_record SET lease_until = now() + ${this.leaseMs}::int * interval '1 millisecond'
       WHERE principal = ${request.principal} AND key = ${request.key} AND state = 'pending' AND owner = ${this.owner}`;
  }

  private async replay(
    request: IdempotentRequest,
    requestHash: string,
  ): Promise<RouteResult | 'released' | 'taken-over'> {
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
      if (await this.takeOver(request, requestHash)) return 'taken-over';
      if (Date.now() > deadline) {
        // Its process renews the lease while it runs; if it died, a retry after the lease takes over.
        const leaseLeftMs = (record.leaseUntil?.getTime() ?? Date.now()) - Date.now();
        throw new Problem(
          409,
          'Request in progress',
          `A request with this ${IDEMPOTENCY_HEADER} is still running; retry later`,
          {},
          undefined,
          { 'Retry-After': String(Math.max(1, Math.ceil(leaseLeftMs / 1000))) },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async release(request: IdempotentRequest): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({
      where: { principal: request.principal, key: request.key, state: 'pending', owner: this.owner },
    });
  }

  private async purgeExpired(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(now - RETENTION_MS) } } });
  }
}

/**
 * The Temporal update id of a request sent with an Idempotency-Key: the same for every retry of the
 * same request by the same caller, so Temporal deduplicates a resent Update and answers its first outcome.
 */
export function updateIdFor(request: Pick<IdempotentRequest, 'principal' | 'key'>, requestHash: string): string {
  const digest = createHash('sha256').update(`${request.principal}\n${request.key}\n${requestHash}`).digest('hex');
  return `idempotency-${digest.slice(0, 40)}`;
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
