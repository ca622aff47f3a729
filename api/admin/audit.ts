import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { defineRoute, type RouteContext } from '../http/route';

export interface AuditEntry {
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** Records a change made through the API, attributed to the caller and the request. */
export async function recordAudit(
  db: Database,
  context: Pick<RouteContext<unknown, unknown, unknown>, 'principal' | 'requestId' | 'logger'>,
  entry: AuditEntry,
): Promise<void> {
  try {
    await db.auditEvent.create({
      data: {
        actor: context.principal.subject,
        action: entry.action,
        target: entry.target,
        before: toJson(entry.before),
        after: toJson(entry.after),
        requestId: context.requestId,
      },
    });
  } catch (error) {
    // The change itself has happened; failing the request now would invite a duplicate retry.
    context.logger.error({ err: error, entry, requestId: context.requestId }, 'audit event could not be recorded');
  }
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === undefined ? Prisma.JsonNull : (value as Prisma.InputJsonValue);
}

const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export function auditRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      operationId: 'listAuditEvents',
      summary: 'Read the audit log',
      tag: 'Audit',
      permission: 'audit:read',
      query: z.strictObject({
        actor: z.string().max(200).optional(),
        target: z.string().max(200).optional(),
        action: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z.string().max(200).optional(),
      }),
      responses: {
        200: {
          description: 'Newest first',
          schema: z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
        },
      },
      async handle({ query }) {
        const before = query.cursor
          ? BigInt(decodeCursor(query.cursor, z.tuple([z.string().regex(/^\d+$/)]))[0])
          : undefined;
        const rows = await db.auditEvent.findMany({
          where: {
            actor: query.actor,
            target: query.target,
            action: query.action,
            ...(before ? { id: { lt: before } } : {}),
          },
          orderBy: { id: 'desc' },
          take: query.limit + 1,
        });
        const page = rows.slice(0, query.limit);
        return {
          status: 200,
          body: {
            items: page.map((row) => ({ ...row, id: row.id.toString(), at: row.at.toISOString() })),
            nextCursor: rows.length > query.limit ? encodeCursor([page.at(-1)!.id.toString()]) : null,
          },
        };
      },
    }),
  ];
}
