import type { HealthFigures } from './health';

/**
 * Reads health figures as a person posts them, without zod: the renewal Update's validator and handler
 * run in workflow code, and zod in the workflow bundle was evaluated again in every cached workflow's
 * context. The problems are worded, ordered and pathed exactly as `healthFiguresSchema.safeParse` (zod 4,
 * English) words them, so a refusal reads as before; test/unit/health-figures.test.ts compares both.
 */

export interface FigureProblem {
  /** The field, or '' for the figures as a whole. */
  path: string;
  message: string;
}

interface NumberField {
  key: keyof HealthFigures;
  integer: boolean;
  min: number;
  max: number;
  optional: boolean;
}

/** The fields in the schema's order (health-schema.ts), which is the order of problems and of the result's keys. */
const NUMBER_FIELDS: NumberField[] = [
  { key: 'seatsPurchased', integer: true, min: 1, max: 10_000_000, optional: false },
  { key: 'activeUsers', integer: true, min: 0, max: 10_000_000, optional: false },
  { key: 'activationRate', integer: false, min: 0, max: 1, optional: true },
  { key: 'usageTrend', integer: false, min: -1, max: 100, optional: true },
  { key: 'openCriticalTickets', integer: true, min: 0, max: 100_000, optional: false },
  { key: 'nps', integer: true, min: -100, max: 100, optional: true },
];
const KEYS: readonly string[] = [...NUMBER_FIELDS.map((field) => field.key), 'asOf'];

// zod's ISO date (YYYY-MM-DD, a real day of the Gregorian calendar, leap years included).
const ISO_DATE =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))$/;

/** The problems with posted figures; none means `healthFigures` may read them. */
export function healthFigureProblems(input: unknown): FigureProblem[] {
  if (!isPlainRecord(input)) return [invalidType('', 'object', input)];
  const problems: FigureProblem[] = [];
  for (const field of NUMBER_FIELDS) problems.push(...numberProblems(field, input[field.key]));
  const asOf = input.asOf;
  if (asOf !== undefined) {
    if (typeof asOf !== 'string') problems.push(invalidType('asOf', 'string', asOf));
    else if (!ISO_DATE.test(asOf)) problems.push({ path: 'asOf', message: 'Invalid ISO date' });
  }
  const unknown = Object.keys(input).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0)
    problems.push({
      path: '',
      message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((key) => `"${key}"`).join(', ')}`,
    });
  return problems;
}

/** Figures without problems as the schema returns them: its fields only, in its order. */
export function healthFigures(input: unknown): HealthFigures {
  const problems = healthFigureProblems(input);
  if (problems.length > 0) throw new Error(problems.map((problem) => problem.message).join('; '));
  const record = input as Record<string, unknown>;
  return Object.fromEntries(KEYS.filter((key) => key in record).map((key) => [key, record[key]])) as HealthFigures;
}

function numberProblems(field: NumberField, value: unknown): FigureProblem[] {
  if (value === undefined && field.optional) return [];
  if (typeof value !== 'number' || !Number.isFinite(value)) return [invalidType(field.key, 'number', value)];
  const problems: FigureProblem[] = [];
  if (field.integer) {
    // A fraction stops the checks; an integer beyond the safe range is reported and the bounds still checked.
    if (!Number.isInteger(value)) return [invalidType(field.key, 'int', value)];
    if (value > Number.MAX_SAFE_INTEGER)
      problems.push({ path: field.key, message: `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}` });
    if (value < Number.MIN_SAFE_INTEGER)
      problems.push({ path: field.key, message: `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}` });
  }
  if (value < field.min) problems.push({ path: field.key, message: `Too small: expected number to be >=${field.min}` });
  if (value > field.max) problems.push({ path: field.key, message: `Too big: expected number to be <=${field.max}` });
  return problems;
}

function invalidType(path: string, expected: string, input: unknown): FigureProblem {
  return { path, message: `Invalid input: expected ${expected}, received ${receivedType(input)}` };
}

/** How zod names what it received. */
function receivedType(input: unknown): string {
  if (typeof input === 'number') return Number.isNaN(input) ? 'NaN' : Number.isFinite(input) ? 'number' : String(input);
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'object') {
    const prototype = Object.getPrototypeOf(input) as unknown;
    const constructor = (input as { constructor?: { name?: string } }).constructor;
    if (prototype !== Object.prototype && 'constructor' in input && constructor) return String(constructor.name);
  }
  return typeof input;
}

function isPlainRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}
