import { z } from 'zod';

/** zod fields every playbook's routes share: dates, people, case ids, paging and query-string lists. */

/** Dates Baton plans with: far enough either way for any launch, near enough that date maths stays exact. */
export const planningDate = z.iso.date().refine((date) => date >= '2000-01-01' && date <= '2199-12-31', {
  message: 'must be between 2000-01-01 and 2199-12-31',
  // Only a well-formed date can be out of range: one problem per field.
  when: (payload) => payload.issues.length === 0,
});

/** Case ids are workflow ids (poc:<account>:<opportunity>, deal:..., URI-encoded parts), so any storable text. */
export const caseIdSchema = z
  .string()
  .min(1)
  .max(1000)
  .refine((text) => !text.includes('\u0000'), 'contains a NUL character');

/** Comma-separated values of one enum, each checked (the index names the bad one). */
export const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(1000)
    .transform((list) => list.split(',').map((value) => value.trim()))
    .pipe(z.array(z.enum(values)).min(1));

/** Query strings carry text: only the words true and false are booleans (z.coerce.boolean would read "false" as true). */
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

export const pageLimit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `Page size, 1-${max}` });
export const cursorSchema = z.string().max(300).meta({ description: 'nextCursor from the previous page' });
export const person = z.string().trim().min(1).max(200);
/** A calendar date Postgres can hold: ISO dates admit year 0000, which it has not. */
export const queryDateSchema = z.iso
  .date()
  .refine((date) => date >= '0001-01-01', 'must be a date from the year 0001 on');

/**
 * Refuses an inclusive date range whose start is after its end, naming both fields; chain one
 * `.superRefine(dateRangeCheck(from, to))` per range.
 */
export function dateRangeCheck<K extends string>(fromKey: K, toKey: K) {
  return (query: Partial<Record<K, string>>, context: z.RefinementCtx) => {
    const from = query[fromKey];
    const to = query[toKey];
    if (from === undefined || to === undefined || from <= to) return;
    const message = `${fromKey} (${from}) is after ${toKey} (${to})`;
    context.addIssue({ code: 'custom', path: [fromKey], message });
    context.addIssue({ code: 'custom', path: [toKey], message });
  };
}

/** A loss recorded for reason "other" must say which reason it was; chain as `.superRefine(otherLossNeedsNote)`. */
export function otherLossNeedsNote(body: { reason: string; note?: string }, context: z.RefinementCtx) {
  if (body.reason === 'other' && !body.note)
    context.addIssue({
      code: 'custom',
      path: ['note'],
      message: 'a loss for another reason needs a note saying which',
    });
}
