import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { mappingSays } from '../../domain/shared/mapping-history-text';
import type { Permission } from '../auth/policy';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { recordAudit } from './audit';
import {
  lockMapping,
  mappingHistoryRoute,
  mappingReasonSchema,
  recordMappingChange,
  type MappingKind,
} from './mapping-history';

type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0];

/** A mapping's table, subject to value (a region to its calendar, a tier to its renewal template). */
export interface MappingTable {
  list(db: Database): Promise<MappingRow[]>;
  find(tx: Transaction, subject: string): Promise<MappingRow | null>;
  save(tx: Transaction, subject: string, value: string, by: string): Promise<MappingRow>;
  remove(tx: Transaction, subject: string): Promise<void>;
}

export interface MappingRow {
  subject: string;
  value: string;
  updatedBy: string;
  updatedAt: Date;
}

/**
 * The routes of a versioned mapping (issue 20): its list, its history, and PUT/DELETE of one subject's value, read
 * with `read` and changed with `manage`. Each change is audited and numbered per subject in the transaction that
 * makes it, with its reason; two changes of one subject at once happen one after the other.
 */
export function versionedMappingRoutes(
  db: Database,
  spec: {
    mapping: MappingKind;
    /** The list's path; a subject's is `${path}/:<subject field>`. */
    path: string;
    /** Names the operations: list<Name>s, put<Name>, delete<Name>, list<Name>Changes; and the schemas <Name>, Set<Name>. */
    name: string;
    tag: string;
    read: Permission;
    manage: Permission;
    subject: { field: string; schema: z.ZodType<string> };
    value: { field: string; schema: z.ZodType<string> };
    /** Refuses a subject or value the mapping cannot hold (a region not kept, a template that is not a renewal's). */
    check(subject: string, value: string): Promise<void>;
    table: MappingTable;
    summaries: { list: string; history: string; put: string; delete: string };
    descriptions: { list: string; refused: Record<number, string>; notSet: string };
  },
) {
  const { subject, value, mapping } = spec;
  const rowSchema = z
    .object({
      [subject.field]: z.string(),
      [value.field]: z.string(),
      updatedBy: z.string(),
      updatedAt: z.iso.datetime(),
    })
    .meta({ id: spec.name });
  const present = (row: MappingRow) => ({
    [subject.field]: row.subject,
    [value.field]: row.value,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  });
  const params = z.object({ [subject.field]: subject.schema });
  const subjectOf = (context: { params: Record<string, string> }) => context.params[subject.field]!;
  const target = (key: string) => `${mapping}:${key}`;

  return [
    mappingHistoryRoute(db, {
      path: `${spec.path}/history`,
      operationId: `list${spec.name}Changes`,
      summary: spec.summaries.history,
      tag: spec.tag,
      permission: spec.read,
      mapping,
    }),

    defineRoute({
      method: 'get',
      path: spec.path,
      operationId: `list${spec.name}s`,
      summary: spec.summaries.list,
      tag: spec.tag,
      permission: spec.read,
      responses: {
        200: { description: spec.descriptions.list, schema: z.object({ items: z.array(rowSchema) }) },
      },
      async handle() {
        return { status: 200, body: { items: (await spec.table.list(db)).map(present) } };
      },
    }),

    defineRoute({
      method: 'put',
      path: `${spec.path}/:${subject.field}`,
      operationId: `put${spec.name}`,
      summary: spec.summaries.put,
      tag: spec.tag,
      permission: spec.manage,
      params,
      body: z
        .strictObject({ [value.field]: value.schema, reason: mappingReasonSchema })
        .meta({ id: `Set${spec.name}` }),
      responses: {
        201: { description: `The ${subject.field} had none`, schema: rowSchema },
        200: { description: 'Replaced', schema: rowSchema },
        ...Object.fromEntries(
          Object.entries(spec.descriptions.refused).map(([status, text]) => [status, { description: text }]),
        ),
      },
      async handle(context) {
        const key = subjectOf(context);
        const body = context.body as Record<string, string | undefined>;
        const newValue = body[value.field]!;
        await spec.check(key, newValue);
        const by = context.principal.subject;
        const [before, row] = await db.$transaction(async (tx) => {
          await lockMapping(tx, mapping, key);
          const found = await spec.table.find(tx, key);
          const saved = await spec.table.save(tx, key, newValue, by);
          const change = { before: found?.value ?? null, after: saved.value, reason: body.reason, by };
          await recordMappingChange(tx, { mapping, subject: key, ...change });
          return [found, saved] as const;
        });
        await recordAudit(db, context, {
          action: `${mapping}.set`,
          target: target(key),
          before: before?.value,
          after: row.value,
        });
        return { status: before ? 200 : 201, body: present(row), headers: { Location: `${spec.path}/${key}` } };
      },
    }),

    defineRoute({
      method: 'delete',
      path: `${spec.path}/:${subject.field}`,
      operationId: `delete${spec.name}`,
      summary: spec.summaries.delete,
      tag: spec.tag,
      permission: spec.manage,
      params,
      query: z.object({ reason: mappingReasonSchema }),
      responses: { 204: { description: 'Removed' }, 404: { description: spec.descriptions.notSet } },
      async handle(context) {
        const key = subjectOf(context);
        const before = await db.$transaction(async (tx) => {
          await lockMapping(tx, mapping, key);
          const found = await spec.table.find(tx, key);
          if (!found) throw new Problem(404, 'Not found', mappingSays(`mapping.${mapping}-not-set`, { subject: key }));
          await spec.table.remove(tx, key);
          const change = {
            before: found.value,
            after: null,
            reason: context.query.reason,
            by: context.principal.subject,
          };
          await recordMappingChange(tx, { mapping, subject: key, ...change });
          return found;
        });
        await recordAudit(db, context, { action: `${mapping}.remove`, target: target(key), before: before.value });
        return { status: 204 };
      },
    }),
  ];
}
