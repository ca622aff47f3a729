import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Person } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import { readPreferences } from '../../activities/shared/notices/preferences';
import { recordAudit } from '../admin/audit';
import { Problem } from '../http/problem';
import type { DigestScheduler } from './digest-schedule';
import { defineRoute } from '../http/route';
import {
  emailParamsSchema,
  emailSchema,
  importPeopleSchema,
  importResultSchema,
  personFieldsSchema,
  personSchema,
} from './schemas';

export function presentPerson(row: Person): z.infer<typeof personSchema> {
  return {
    email: row.email,
    name: row.name,
    roles: row.roles,
    regions: row.regions,
    manager: row.manager,
    language: row.language === 'zh' ? 'zh' : 'en',
    timeZone: row.timeZone,
    chatIds: (row.chatIds ?? {}) as Record<string, string>,
    preferences: readPreferences(row.preferences),
    calendarFeed: row.calendarSecret !== null,
    source: row.source as 'sign-in' | 'admin' | 'import',
    updatedAt: row.updatedAt.toISOString(),
  };
}

type PersonFields = z.output<typeof personFieldsSchema>;

/** The people directory, kept by ops managers and admins (one at a time, or a CSV import). */
export function directoryRoutes(db: Database, digests: DigestScheduler) {
  // A changed time zone moves the hour of a digest someone chose.
  const keepDigestHours = async (rows: Person[]) => {
    for (const row of rows) if (readPreferences(row.preferences).digest.enabled) await digests.schedule(row);
  };
  const save = (email: string, fields: PersonFields, source: 'admin' | 'import') => {
    const data = {
      name: fields.name ?? null,
      roles: fields.roles,
      regions: fields.regions,
      manager: fields.manager ?? null,
      language: fields.language,
      timeZone: fields.timeZone,
      chatIds: fields.chatIds,
      source,
      updatedAt: new Date(),
    };
    return db.person.upsert({ where: { email }, create: { email, ...data }, update: data });
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/people',
      operationId: 'listPeople',
      summary: 'The people directory',
      tag: 'People',
      permission: 'people:manage',
      query: z.strictObject({ role: z.string().max(50).optional(), region: z.string().max(63).optional() }),
      responses: { 200: { description: 'Everyone, by email', schema: z.object({ items: z.array(personSchema) }) } },
      async handle({ query }) {
        const rows = await db.person.findMany({
          where: {
            ...(query.role ? { roles: { has: query.role } } : {}),
            ...(query.region ? { regions: { has: query.region } } : {}),
          },
          orderBy: { email: 'asc' },
          take: 5000,
        });
        return { status: 200, body: { items: rows.map(presentPerson) } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/people/:email',
      operationId: 'putPerson',
      summary: 'Create or change a person',
      tag: 'People',
      permission: 'people:manage',
      params: emailParamsSchema,
      body: personFieldsSchema,
      responses: { 200: { description: 'The person as stored', schema: personSchema } },
      async handle(context) {
        const before = await db.person.findUnique({ where: { email: context.params.email } });
        const row = await save(context.params.email, context.body, 'admin');
        await recordAudit(db, context, {
          action: 'person.put',
          target: row.email,
          before: before ?? undefined,
          after: row,
        });
        await keepDigestHours([row]);
        return { status: 200, body: presentPerson(row) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/people/import',
      operationId: 'importPeople',
      summary: 'Import people from CSV (all or nothing)',
      tag: 'People',
      permission: 'people:manage',
      idempotent: true,
      body: importPeopleSchema,
      responses: {
        200: { description: 'How many were created and updated', schema: importResultSchema },
        422: { description: 'Lines that cannot be imported, each named; nothing was imported' },
      },
      async handle(context) {
        const people = readCsv(context.body.csv);
        let created = 0;
        const saved = await db.$transaction(async (tx) => {
          const known = new Set(
            (
              await tx.person.findMany({
                where: { email: { in: people.map((p) => p.email) } },
                select: { email: true },
              })
            ).map((row) => row.email),
          );
          const rows: Person[] = [];
          for (const { email, fields } of people) {
            if (!known.has(email)) created += 1;
            const data = {
              ...fields,
              name: fields.name ?? null,
              manager: fields.manager ?? null,
              source: 'import',
              updatedAt: new Date(),
            };
            rows.push(await tx.person.upsert({ where: { email }, create: { email, ...data }, update: data }));
          }
          return rows;
        });
        await recordAudit(db, context, {
          action: 'people.import',
          target: 'people',
          after: { created, updated: people.length - created },
        });
        await keepDigestHours(saved);
        return { status: 200, body: { created, updated: people.length - created } };
      },
    }),
  ];
}

const COLUMNS = ['email', 'name', 'roles', 'regions', 'manager', 'language', 'timeZone'] as const;

/** Every line checked before anything is written; one bad line refuses the whole file, naming each bad line. */
function readCsv(csv: string): { email: string; fields: PersonFields }[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new Problem(422, 'Unreadable CSV', `The CSV cannot be read: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new Problem(422, 'Unreadable CSV', 'The CSV has a header but no people');
  const unknown = Object.keys(records[0]!).filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !('email' in records[0]!)) {
    throw new Problem(
      422,
      'Unreadable CSV',
      `The header must name email and may name ${COLUMNS.slice(1).join(', ')}; unknown: ${unknown.join(', ') || 'none'}`,
    );
  }
  const list = (value: string | undefined) =>
    value
      ? value
          .split(/[;|]/)
          .map((part) => part.trim())
          .filter(Boolean)
      : [];
  const errors: { line: number; message: string }[] = [];
  const people: { email: string; fields: PersonFields }[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const line = index + 2;
    const email = emailSchema.safeParse(record.email ?? '');
    const fields = personFieldsSchema.safeParse({
      ...(record.name ? { name: record.name } : {}),
      roles: list(record.roles),
      regions: list(record.regions),
      ...(record.manager ? { manager: record.manager } : {}),
      ...(record.language ? { language: record.language } : {}),
      ...(record.timeZone ? { timeZone: record.timeZone } : {}),
    });
    if (!email.success) errors.push({ line, message: `email: ${email.error.issues[0]!.message}` });
    if (!fields.success) {
      for (const issue of fields.error.issues)
        errors.push({ line, message: `${issue.path.join('.')}: ${issue.message}` });
    }
    if (email.success && seen.has(email.data)) errors.push({ line, message: `email: ${email.data} is listed twice` });
    if (email.success) seen.add(email.data);
    if (email.success && fields.success) people.push({ email: email.data, fields: fields.data });
  });
  if (errors.length > 0) {
    const first = errors
      .slice(0, 5)
      .map((error) => `line ${error.line}: ${error.message}`)
      .join('; ');
    throw new Problem(422, 'Unusable people', `Nothing was imported: ${errors.length} problem(s), ${first}`, {
      errors,
    });
  }
  return people;
}
