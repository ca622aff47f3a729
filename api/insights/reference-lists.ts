import { z } from 'zod';
import type { Database } from '../../db/prisma';
import {
  REFERENCE_LISTS,
  referenceSays,
  unlistedProblems,
  type ListedField,
  type ReferenceList,
  type ReferenceValue,
} from '../../domain/insights/reference-lists';
import { recordAudit } from '../admin/audit';
import { invalidRequest } from '../http/problem';
import { defineRoute } from '../http/route';

const listNameSchema = z.enum(REFERENCE_LISTS).meta({ description: 'regions, industries, products or lead-channels' });
const label = z.string().trim().min(1).max(200);
const referenceValueSchema = z
  .strictObject({
    value: z.string().trim().min(1).max(200).meta({ description: 'What requests carry and the read model stores' }),
    labels: z.strictObject({ en: label, zh: label }),
  })
  .meta({ id: 'ReferenceValue' });
const referenceListSchema = z
  .object({ list: listNameSchema, values: z.array(referenceValueSchema) })
  .meta({ id: 'ReferenceList' });

/** Every list with its values in the admins' order; a list nobody filled is there with no values. */
export async function readReferenceLists(db: Database): Promise<Map<ReferenceList, ReferenceValue[]>> {
  const rows = await db.referenceValue.findMany({ orderBy: [{ list: 'asc' }, { position: 'asc' }] });
  const lists = new Map<ReferenceList, ReferenceValue[]>(REFERENCE_LISTS.map((list) => [list, []]));
  for (const row of rows) {
    lists.get(row.list as ReferenceList)?.push({ value: row.value, labels: { en: row.labelEn, zh: row.labelZh } });
  }
  return lists;
}

/**
 * Refuses a start whose listed fields carry a value off a kept list (400 naming each field), before
 * any workflow starts; a list with no values takes any value, so a fresh install starts anything.
 */
export async function refuseUnlisted(db: Database, fields: readonly ListedField[]): Promise<void> {
  const lists = [...new Set(fields.map((field) => field.list))];
  if (lists.length === 0) return;
  const rows = await db.referenceValue.findMany({
    where: { list: { in: lists } },
    select: { list: true, value: true },
  });
  const kept = new Map<ReferenceList, Set<string>>();
  for (const row of rows) {
    const list = row.list as ReferenceList;
    kept.set(list, (kept.get(list) ?? new Set()).add(row.value));
  }
  const problems = unlistedProblems(fields, kept);
  if (problems.length === 0) return;
  const said = problems.map((problem) =>
    referenceSays('lists.unlisted', {
      field: problem.field,
      value: problem.value,
      list: { key: `lists.name.${problem.list}`, params: {} },
      allowed: { list: problem.allowed, separator: ', ' },
    }),
  );
  throw invalidRequest(
    said[0]!,
    problems.map((problem, index) => ({ path: problem.field, message: said[index]!.summary, code: 'invalid_value' })),
  );
}

/** The reference lists: everyone reads them (the start forms offer them); admins keep them. */
export function referenceListRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/reference-lists',
      operationId: 'listReferenceLists',
      summary: 'The lists admins keep (regions, industries, products, lead channels) with their values',
      tag: 'Reference lists',
      permission: 'lists:read',
      responses: {
        200: {
          description: 'Every list, in the admins’ order',
          schema: z.object({ items: z.array(referenceListSchema) }),
        },
      },
      async handle() {
        const lists = await readReferenceLists(db);
        return { status: 200, body: { items: [...lists].map(([list, values]) => ({ list, values })) } };
      },
    }),

    defineRoute({
      method: 'put',
      path: '/api/reference-lists/:list',
      operationId: 'putReferenceList',
      summary: 'Replace a list’s values (an empty list takes any value on the start forms)',
      tag: 'Reference lists',
      permission: 'lists:manage',
      params: z.object({ list: listNameSchema }),
      body: z.strictObject({ values: z.array(referenceValueSchema).max(500) }).meta({ id: 'PutReferenceList' }),
      responses: { 200: { description: 'The list as now kept', schema: referenceListSchema } },
      async handle(context) {
        const { params, body, principal } = context;
        const seen = new Set<string>();
        const repeated = body.values.filter(({ value }) => seen.size === seen.add(value).size);
        if (repeated.length > 0) {
          throw invalidRequest(
            referenceSays('lists.invalid', { list: { key: `lists.name.${params.list}`, params: {} } }),
            repeated.map(({ value }) => ({ path: 'values', message: `"${value}" is listed twice`, code: 'custom' })),
          );
        }
        const before = (await readReferenceLists(db)).get(params.list) ?? [];
        const now = new Date();
        await db.$transaction([
          db.referenceValue.deleteMany({ where: { list: params.list } }),
          db.referenceValue.createMany({
            data: body.values.map((entry, position) => ({
              list: params.list,
              value: entry.value,
              labelEn: entry.labels.en,
              labelZh: entry.labels.zh,
              position,
              updatedBy: principal.subject,
              updatedAt: now,
            })),
          }),
        ]);
        await recordAudit(db, context, {
          action: 'reference-list.replace',
          target: `reference-list:${params.list}`,
          before,
          after: body.values,
        });
        return { status: 200, body: { list: params.list, values: body.values } };
      },
    }),
  ];
}
