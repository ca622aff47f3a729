import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { addBusinessDays, workingDays, type BusinessCalendar } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { recordAudit } from './audit';
import { Problem, requireSameKey } from '../http/problem';
import { defineRoute } from '../http/route';

const PLAYBOOKS = ['launch', 'poc', 'deal', 'handoff', 'renewal'] as const;
type Playbook = (typeof PLAYBOOKS)[number];
const calendarKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'calendar key must be a lowercase slug');
const calendarSchema = businessCalendarSchema.meta({ id: 'BusinessCalendar' });
const storedCalendarSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
    definition: z.looseObject({}),
  })
  .meta({ id: 'StoredBusinessCalendar' });

type CalendarRow = Awaited<ReturnType<Database['businessCalendar']['findFirstOrThrow']>>;

function present(row: CalendarRow) {
  return { ...row, updatedAt: row.updatedAt.toISOString(), definition: row.definition as Record<string, unknown> };
}

/** Working-day calendars per region: read by everyone, maintained by ops managers and admins. */
export function calendarRoutes(db: Database) {
  async function find(key: string): Promise<CalendarRow> {
    const row = await db.businessCalendar.findUnique({ where: { key } });
    if (!row) throw new Problem(404, 'Not found', `No calendar ${key}`);
    return row;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/calendars',
      operationId: 'listCalendars',
      summary: 'List business calendars',
      tag: 'Calendars',
      permission: 'calendar:read',
      responses: {
        200: {
          description: 'Every calendar, by key',
          schema: z.object({
            items: z.array(z.object({ key: z.string(), name: z.string(), coveredYears: z.array(z.number().int()) })),
          }),
        },
      },
      async handle() {
        const rows = await db.businessCalendar.findMany({ orderBy: { key: 'asc' } });
        return {
          status: 200,
          body: {
            items: rows.map((row) => ({
              key: row.key,
              name: row.name,
              coveredYears: (row.definition as BusinessCalendar).coveredYears,
            })),
          },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/calendars/:key',
      operationId: 'getCalendar',
      summary: 'Read a business calendar',
      tag: 'Calendars',
      permission: 'calendar:read',
      params: z.object({ key: calendarKeySchema }),
      responses: {
        200: { description: 'The calendar', schema: storedCalendarSchema },
        404: { description: 'No such calendar' },
      },
      async handle({ params }) {
        return { status: 200, body: present(await find(params.key)) };
      },
    }),

    defineRoute({
      method: 'put',
      path: '/api/calendars/:key',
      operationId: 'putCalendar',
      summary: 'Create or replace a business calendar',
      tag: 'Calendars',
      permission: 'calendar:manage',
      params: z.object({ key: calendarKeySchema }),
      body: calendarSchema,
      responses: {
        201: { description: 'Created', schema: storedCalendarSchema },
        200: { description: 'Replaced', schema: storedCalendarSchema },
      },
      async handle(context) {
        const { params, body } = context;
        requireSameKey('calendar', params.key, body.key);
        const before = await db.businessCalendar.findUnique({ where: { key: params.key } });
        const data = {
          name: body.name,
          definition: body as unknown as Prisma.InputJsonValue,
          updatedBy: context.principal.subject,
          updatedAt: new Date(),
        };
        const row = await db.businessCalendar.upsert({
          where: { key: params.key },
          create: { key: params.key, ...data },
          update: data,
        });
        await recordAudit(db, context, {
          action: before ? 'calendar.replace' : 'calendar.create',
          target: `calendar:${params.key}`,
          before: before?.definition,
          after: row.definition,
        });
        return {
          status: before ? 200 : 201,
          body: present(row),
          headers: { Location: `/api/calendars/${params.key}` },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/calendars/:key/usage',
      operationId: 'getCalendarUsage',
      summary: 'Count the cases that run on a business calendar',
      tag: 'Calendars',
      permission: 'calendar:manage',
      params: z.object({ key: calendarKeySchema }),
      responses: {
        200: {
          description:
            'Per playbook: cases that started on this calendar, and the open ones among them. Every case keeps the ' +
            'calendar it started with, so an edit reaches the cases started after it.',
          schema: z.object({
            key: z.string(),
            playbooks: z.array(
              z.object({
                playbook: z.enum(PLAYBOOKS),
                open: z.number().int(),
                total: z.number().int(),
              }),
            ),
          }),
        },
        404: { description: 'No such calendar' },
      },
      async handle({ params }) {
        await find(params.key);
        return { status: 200, body: { key: params.key, playbooks: await calendarUsage(db, params.key) } };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/calendars/:key/cases',
      operationId: 'listCalendarCases',
      summary: 'List the open cases that run on a business calendar',
      tag: 'Calendars',
      permission: 'calendar:manage',
      params: z.object({ key: calendarKeySchema }),
      responses: {
        200: {
          description:
            'Open cases pinned to this calendar, by playbook and id (at most 200): the ones an edit would not reach',
          schema: z.object({
            key: z.string(),
            items: z.array(
              z.object({
                playbook: z.enum(PLAYBOOKS),
                id: z.string(),
                name: z.string(),
                regions: z.array(z.string()),
              }),
            ),
          }),
        },
        404: { description: 'No such calendar' },
      },
      async handle({ params }) {
        await find(params.key);
        return { status: 200, body: { key: params.key, items: await openCalendarCases(db, params.key) } };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/calendars/:key/business-days',
      operationId: 'addBusinessDays',
      summary: 'Count business days on a calendar',
      tag: 'Calendars',
      permission: 'calendar:read',
      params: z.object({ key: calendarKeySchema }),
      query: z.strictObject({
        // Within this range any reachable result is still a four-digit-year date.
        from: z.iso
          .date()
          .refine(
            (date) => date >= '1970-01-01' && date <= '2199-12-31',
            'from must be between 1970-01-01 and 2199-12-31',
          ),
        days: z.coerce
          .number()
          .int()
          .min(-3650)
          .max(3650)
          .meta({ description: 'Working days to move; negative counts back' }),
      }),
      responses: {
        200: {
          description:
            'The resulting date; `approximate` when the count ran into a year whose holidays the calendar does not list',
          schema: z.object({
            from: z.iso.date(),
            days: z.number().int(),
            date: z.iso.date(),
            approximate: z.boolean(),
          }),
        },
        404: { description: 'No such calendar' },
      },
      async handle({ params, query }) {
        const calendar = businessCalendarSchema.parse((await find(params.key)).definition);
        const shifted = addBusinessDays(workingDays(calendar), query.from, query.days);
        return { status: 200, body: { from: query.from, days: query.days, ...shifted } };
      },
    }),
  ];
}

/** Every case on a calendar, and whether it is open as each playbook's list counts it (not ended, not churned). */
function casesOn(key: string) {
  return Prisma.sql`
    SELECT 'launch' AS playbook, id, product_name AS name, regions, status = 'active' AS open
      FROM launch_run WHERE calendar = ${key}
    UNION ALL
    SELECT 'poc', id, account, ARRAY[region], outcome_stage IS NULL FROM poc_trial WHERE calendar = ${key}
    UNION ALL
    SELECT 'deal', id, account, ARRAY[region], stage NOT IN ('declined', 'closed_won', 'closed_lost', 'withdrawn')
      FROM deal_case WHERE calendar = ${key}
    UNION ALL
    SELECT 'handoff', id, account, ARRAY[region], outcome_stage IS NULL FROM handoff WHERE calendar = ${key}
    UNION ALL
    SELECT 'renewal', id, account, ARRAY[region], stage <> 'churned' FROM renewal WHERE calendar = ${key}`;
}

/** Cases per playbook on a calendar, every playbook listed (with zeros when none runs on it). */
async function calendarUsage(db: Database, key: string) {
  const rows = await db.$queryRaw<{ playbook: Playbook; open: number; total: number }[]>`
    SELECT playbook, count(*) FILTER (WHERE open)::int AS open, count(*)::int AS total
      FROM (${casesOn(key)}) AS calendar_case GROUP BY playbook`;
  return PLAYBOOKS.map((playbook) => {
    const row = rows.find((entry) => entry.playbook === playbook);
    return { playbook, open: Number(row?.open ?? 0), total: Number(row?.total ?? 0) };
  });
}

/** The open cases on a calendar, by playbook and id; a case's name is what its list shows first. */
async function openCalendarCases(db: Database, key: string) {
  return db.$queryRaw<{ playbook: Playbook; id: string; name: string; regions: string[] }[]>`
    SELECT playbook, id, name, regions FROM (${casesOn(key)}) AS calendar_case
      WHERE open ORDER BY playbook, id LIMIT 200`;
}
