import { addCalendarDays } from './business-calendar';

/** Checks the workflows run on their inputs and actions, which arrive as plain JSON. */

/** A real calendar date written YYYY-MM-DD (not 2030-02-30). */
export const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  addCalendarDays(value, 0) === value;

/** Missing, not text, or only spaces. */
export const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

export const wholeAtLeast = (value: unknown, min: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min;
