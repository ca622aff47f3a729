import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { regionSchema } from '../auth/principal';
import { refuseUnlisted } from '../insights/reference-lists';
import { pinnedCalendar } from '../http/pinned-calendar';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { recordAudit } from './audit';
import { lockMapping, mappingHistoryRoute, mappingReasonSchema, recordMappingChange } from './mapping-history';
import { mappingSays } from '../../domain/shared/mapping-history-text';

const regionCalendarSchema = z
  .object({
    region: z.string(),
    calendar: z.string(),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'RegionCalendar' });

type RegionCalendarRow = Awaited<ReturnType<Database['regionCalendar']['findFirstOrThrow']>>;

const present = (row: RegionCalendarRow) => ({ ...row, updatedAt: row.updatedAt.toISOString() });
const target = (region: string) => `region-calendar:${region}`;

/**
 * Which calendar each region's new cases count on when their start names none: read by everyone (the
 * start forms say which one applies), set by ops managers and admins, each change audited. A case pins
 * its calendar at its start (api/http/pinned-calendar.ts), so a change reaches only later starts.
 */
export function regionCalendarRoutes(db: Database) {
  return [
    mappingHistoryRoute(db, {
      path: '/api/region-calendars/history',
      operationId: 'listRegionCalendarChanges',
      summary: "The history of the regions' default calendars: who changed which, to what, and why",
      tag: 'Calendars',
      permission: 'calendar:read',
      mapping: 'region-calendar',
    }),
    defineRoute({
      method: 'get',
      path: '/api/region-calendars',
      operationId: 'listRegionCalendars',
      summary: "List the regions' default calendars",
      tag: 'Calendars',
      permission: 'calendar:read',
      responses: {
        200: {
          description: 'Every region with a default calendar; a region not listed counts on mon-fri',
          schema: z.object({ items: z.array(regionCalendarSchema) }),
        },
      },
      async handle() {
        const rows = await db.regionCalendar.findMany({ orderBy: { region: 'asc' } });
        return { status: 200, body: { items: rows.map(present) } };
      },
    }),

    defineRoute({
      method: 'put',
      path: '/api/region-calendars/:region',
      operationId: 'putRegionCalendar',
      summary: "Set a region's default calendar",
      tag: 'Calendars',
      permission: 'calendar:manage',
      params: z.object({ region: regionSchema }),
      body: z
        .strictObject({ calendar: z.string().min(1).max(63), reason: mappingReasonSchema })
        .meta({ id: 'SetRegionCalendar' }),
      responses: {
        201: { description: 'The region had none', schema: regionCalendarSchema },
        200: { description: 'Replaced', schema: regionCalendarSchema },
        400: { description: 'The region is not on the regions list the admins keep' },
        422: { description: 'No such calendar (`errors` names the field)' },
      },
      async handle(context) {
        const { params, body } = context;
        await refuseUnlisted(db, [{ field: 'region', list: 'regions', values: [params.region] }]);
        await pinnedCalendar(db, body.calendar);
        const by = context.principal.subject;
        // Versioned (issue 20): the change and its history entry in one transaction.
        const [before, row] = await db.$transaction(async (tx) => {
          await lockMapping(tx, 'region-calendar', params.region);
          const found = await tx.regionCalendar.findUnique({ where: { region: params.region } });
          const data = { calendar: body.calendar, updatedBy: by, updatedAt: new Date() };
          const saved = await tx.regionCalendar.upsert({
            where: { region: params.region },
            create: { region: params.region, ...data },
            update: data,
          });
          const change = { before: found?.calendar ?? null, after: saved.calendar, reason: body.reason, by };
          await recordMappingChange(tx, { mapping: 'region-calendar', subject: params.region, ...change });
          return [found, saved] as const;
        });
        await recordAudit(db, context, {
          action: 'region-calendar.set',
          target: target(params.region),
          before: before?.calendar,
          after: row.calendar,
        });
        return {
          status: before ? 200 : 201,
          body: present(row),
          headers: { Location: `/api/region-calendars/${params.region}` },
        };
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/region-calendars/:region',
      operationId: 'deleteRegionCalendar',
      summary: "Remove a region's default calendar (its new cases count on mon-fri again)",
      tag: 'Calendars',
      permission: 'calendar:manage',
      params: z.object({ region: regionSchema }),
      query: z.object({ reason: mappingReasonSchema }),
      responses: { 204: { description: 'Removed' }, 404: { description: 'The region has no default calendar' } },
      async handle(context) {
        const { region } = context.params;
        const before = await db.$transaction(async (tx) => {
          await lockMapping(tx, 'region-calendar', region);
          const found = await tx.regionCalendar.findUnique({ where: { region } });
          if (!found)
            throw new Problem(404, 'Not found', mappingSays('mapping.region-calendar-not-set', { subject: region }));
          await tx.regionCalendar.delete({ where: { region } });
          const change = {
            before: found.calendar,
            after: null,
            reason: context.query.reason,
            by: context.principal.subject,
          };
          await recordMappingChange(tx, { mapping: 'region-calendar', subject: region, ...change });
          return found;
        });
        await recordAudit(db, context, {
          action: 'region-calendar.remove',
          target: target(before.region),
          before: before.calendar,
        });
        return { status: 204 };
      },
    }),
  ];
}
