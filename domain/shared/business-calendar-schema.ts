import { z } from 'zod';
import { weekday, type BusinessCalendar } from './business-calendar';

/**
 * How the API, the seed data and activities read a business calendar. Apart from the pure date code in
 * business-calendar.ts, which workflow code imports: zod must stay out of the workflow bundle.
 */

const isoDate = z.iso.date();
const namedDate = z.strictObject({ date: isoDate, name: z.string().trim().min(1).max(100) });

export const businessCalendarSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug'),
    name: z.string().trim().min(1).max(200),
    /** 0 = Sunday ... 6 = Saturday. */
    weekendDays: z.array(z.number().int().min(0).max(6)).max(6).default([0, 6]),
    holidays: z.array(namedDate).max(2000).default([]),
    /** Weekend dates that are working days. */
    workdays: z.array(namedDate).max(500).default([]),
    /** Years whose holidays are complete; business days counted in other years are only approximate. */
    coveredYears: z.array(z.number().int().min(1970).max(2200)).max(200).default([]),
  })
  .superRefine((calendar, context) => {
    const seen = new Map<string, string>();
    const check = (list: 'holidays' | 'workdays') =>
      calendar[list].forEach((entry, index) => {
        const earlier = seen.get(entry.date);
        if (earlier)
          context.addIssue({
            code: 'custom',
            path: [list, index, 'date'],
            message: `${entry.date} is listed twice (also in ${earlier})`,
          });
        seen.set(entry.date, list);
        if (list === 'workdays' && !calendar.weekendDays.includes(weekday(entry.date))) {
          context.addIssue({
            code: 'custom',
            path: [list, index, 'date'],
            message: `${entry.date} is not a weekend day, so listing it as a working day changes nothing`,
          });
        }
        if (calendar.coveredYears.length > 0 && !calendar.coveredYears.includes(Number(entry.date.slice(0, 4)))) {
          context.addIssue({
            code: 'custom',
            path: [list, index, 'date'],
            message: `${entry.date} is outside coveredYears`,
          });
        }
      });
    check('holidays');
    check('workdays');
  });

export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema's output and the pure module's type drift apart. */
export const CALENDAR_TYPES_AGREE: Same<z.output<typeof businessCalendarSchema>, BusinessCalendar> = true;
