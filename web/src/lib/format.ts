/** Dates and numbers as the reader expects them: instants in their own time zone, calendar dates as written. */

export const userTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant (ISO date-time) in the reader's time zone. */
export function formatInstant(iso: string | undefined | null, locale: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD): the same day everywhere, so it is never shifted by a time zone. */
export function formatDay(day: string | undefined | null, locale: string): string {
  if (!day) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatMonth(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

export function formatMoney(amount: number, currency: string | null | undefined, locale: string): string {
  if (!currency) return new Intl.NumberFormat(locale).format(amount);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale).format(amount)} ${currency}`;
  }
}

export function formatPercent(rate: number | null | undefined, locale: string): string {
  if (rate === null || rate === undefined) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** Today as a calendar date in the reader's time zone. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Splits "a, b ,c" into ["a", "b", "c"]. */
export const list = (text: string): string[] =>
  text
    .split(/[,，\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
