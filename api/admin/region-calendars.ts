import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { regionSchema } from '../auth/principal';
import { refuseUnlisted } from '../insights/reference-lists';
import { pinnedCalendar } from '../http/pinned-calendar';
import { versionedMappingRoutes } from './versioned-mapping-routes';

/**
 * Which calendar each region's new cases count on when their start names none: read by everyone (the
 * start forms say which one applies), set by ops managers and admins, each change audited and versioned.
 * A case pins its calendar at its start (api/http/pinned-calendar.ts), so a change reaches only later starts.
 */
export function regionCalendarRoutes(db: Database) {
  const row = (found: { region: string; calendar: string; updatedBy: string; updatedAt: Date }) => ({
    subject: found.region,
    value: found.calendar,
    updatedBy: found.updatedBy,
    updatedAt: found.updatedAt,
  });
  return versionedMappingRoutes(db, {
    mapping: 'region-calendar',
    path: '/api/region-calendars',
    name: 'RegionCalendar',
    tag: 'Calendars',
    read: 'calendar:read',
    manage: 'calendar:manage',
    subject: { field: 'region', schema: regionSchema },
    value: { field: 'calendar', schema: z.string().min(1).max(63) },
    async check(region, calendar) {
      await refuseUnlisted(db, [{ field: 'region', list: 'regions', values: [region] }]);
      await pinnedCalendar(db, calendar);
    },
    table: {
      list: async (client) => (await client.regionCalendar.findMany({ orderBy: { region: 'asc' } })).map(row),
      find: async (tx, region) => {
        const found = await tx.regionCalendar.findUnique({ where: { region } });
        return found ? row(found) : null;
      },
      save: async (tx, region, calendar, by) => {
        const data = { calendar, updatedBy: by, updatedAt: new Date() };
        return row(await tx.regionCalendar.upsert({ where: { region }, create: { region, ...data }, update: data }));
      },
      remove: async (tx, region) => {
        await tx.regionCalendar.delete({ where: { region } });
      },
    },
    summaries: {
      history: "The history of the regions' default calendars: who changed which, to what, and why",
      list: "List the regions' default calendars",
      put: "Set a region's default calendar",
      delete: "Remove a region's default calendar (its new cases count on mon-fri again)",
    },
    descriptions: {
      list: 'Every region with a default calendar; a region not listed counts on mon-fri',
      refused: {
        400: 'The region is not on the regions list the admins keep',
        422: 'No such calendar (`errors` names the field)',
      },
      notSet: 'The region has no default calendar',
    },
  });
}
