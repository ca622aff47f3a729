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

/** What is wrong with the opportunity a POC or deal-support request names (id, amount), in that order. */
export function opportunityProblems(opportunity: { id?: unknown; amount?: unknown } | undefined): string[] {
  const problems: string[] = [];
  if (blank(opportunity?.id)) problems.push('request.opportunity.id is required');
  const amount = opportunity?.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    problems.push('request.opportunity.amount must be a number of at least 0');
  }
  return problems;
}

/** Why an action sent with If-Match is refused when the case has moved on; undefined when it has not. */
export function staleVersion(name: string, seq: number, expectedSeq: number | undefined): string | undefined {
  if (expectedSeq === undefined || expectedSeq === seq) return undefined;
  return `${name} is at version ${seq}, not ${expectedSeq}; reload and retry`;
}

/** Why an action is refused in the case's stage: an ended case takes none, another names where it may be taken. */
export function wrongStage(label: string, stage: string, action: string, allowedIn: readonly string[], ended: boolean) {
  return ended
    ? `The ${label} is ${stage} and takes no more ${action} actions`
    : `The ${label} is ${stage}; ${action} needs it ${allowedIn.join(' or ')}`;
}
