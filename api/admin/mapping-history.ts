import { z } from 'zod';
import type { Database } from '../../db/prisma';
import type { Permission } from '../auth/policy';
import { defineRoute } from '../http/route';

/** The mappings whose changes are versioned (issue 20): a region's default calendar, a tier's renewal template. */
export type MappingKind = 'region-calendar' | 'renewal-tier-template';

/** Why a mapping changes: optional for API callers, asked for by the board; shown in the history. */

export const mappingReasonSchema = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .optional()
  .meta({ description: "Why: shown in the mapping's history" });

export interface MappingChangeInput {
  mapping: MappingKind;
  subject: string;
  before: string | null;
  after: string | null;
  reason?: string;
  by: string;
}

/**
 * Holds the region's or tier's mapping until the transaction ends, so two changes of one mapping at the
 * same moment happen one after the other: the second reads what the first wrote and takes the next version.
 */
export async function lockMapping(tx: Pick<Database, '$executeRaw'>, mapping: MappingKind, subject: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${mapping}), hashtext(${subject}))`;
}

/**
 * Records a change as the next version of the region's or tier's mapping; called in the transaction that
 * makes the change, so the history and the mapping never disagree. Returns the version.
 */
export async function recordMappingChange(
  tx: Pick<Database, 'mappingChange'>,
  change: MappingChangeInput,
): Promise<number> {
  const { mapping, subject } = change;
  const last = await tx.mappingChange.findFirst({
    where: { mapping, subject },
    orderBy: { version: 'desc' },
    select: { version: true },
  });
  const version = (last?.version ?? 0) + 1;
  await tx.mappingChange.create({
    data: {
      mapping,
      subject,
      version,
      before: change.before,
      after: change.after,
      reason: change.reason ?? null,
      changedBy: change.by,
    },
  });
  return version;
}

const mappingChangeSchema = z
  .object({
    subject: z.string().meta({ description: 'The region or tier' }),
    version: z.number().int().meta({ description: '1, 2, 3... per region or tier' }),
    before: z.string().nullable().meta({ description: 'What it mapped to before; null when nothing' }),
    after: z.string().nullable().meta({ description: 'What it maps to since; null when the change removed it' }),
    reason: z.string().nullable(),
    changedBy: z.string(),
    changedAt: z.iso.datetime(),
  })
  .meta({ id: 'MappingChange' });

/** A mapping's history, newest first (the latest 200 changes, or every change of one region or tier). */
export function mappingHistoryRoute(
  db: Database,
  spec: {
    path: string;
    operationId: string;
    summary: string;
    tag: string;
    permission: Permission;
    mapping: MappingKind;
  },
) {
  return defineRoute({
    method: 'get',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tag: spec.tag,
    permission: spec.permission,
    query: z.object({
      subject: z.string().max(63).optional().meta({ description: 'Only this region or tier' }),
    }),
    responses: {
      200: { description: 'Changes, newest first', schema: z.object({ items: z.array(mappingChangeSchema) }) },
    },
    async handle({ query }) {
      const rows = await db.mappingChange.findMany({
        where: { mapping: spec.mapping, ...(query.subject ? { subject: query.subject } : {}) },
        orderBy: [{ changedAt: 'desc' }, { id: 'desc' }],
        take: 200,
      });
      return {
        status: 200,
        body: {
          items: rows.map(({ subject, version, before, after, reason, changedBy, changedAt }) => ({
            subject,
            version,
            before,
            after,
            reason,
            changedBy,
            changedAt: changedAt.toISOString(),
          })),
        },
      };
    },
  });
}
