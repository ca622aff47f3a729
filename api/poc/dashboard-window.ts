import { monthAt, monthIndex } from '../../domain/shared/months';

/**
 * A dashboard window of inclusive UTC dates split into what the rollups answer (the whole months
 * inside it, which hold a row per month) and the days around them that only the rows themselves
 * answer (the start of a window that begins after the 1st, the end of one that stops before the
 * month's last day, or the whole window when it holds no whole month).
 */
export interface WindowParts {
  /** The first day of the first whole month and of the month after the last one, or null for none. */
  months: { from: string; before: string } | null;
  /** Inclusive date ranges outside the whole months. */
  edges: { from: string; to: string }[];
}

const lastDay = (month: string) => {
  const date = new Date(0);
  date.setUTCFullYear(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0);
  return `${month}-${String(date.getUTCDate()).padStart(2, '0')}`;
};

export function windowParts(from: string, to: string): WindowParts {
  const first = from.endsWith('-01') ? monthIndex(from) : monthIndex(from) + 1;
  const after = to === lastDay(to.slice(0, 7)) ? monthIndex(to) + 1 : monthIndex(to);
  if (first >= after) return { months: null, edges: [{ from, to }] };
  const edges = [
    ...(monthIndex(from) < first ? [{ from, to: lastDay(monthAt(first - 1)) }] : []),
    ...(after <= monthIndex(to) ? [{ from: `${monthAt(after)}-01`, to }] : []),
  ];
  return { months: { from: `${monthAt(first)}-01`, before: `${monthAt(after)}-01` }, edges };
}
