import type { Prisma } from '../../db/generated/client';

/** The columns every playbook's timeline table (launch_event, poc_event, deal_event) shares. */
interface EventRow {
  n: number;
  at: Date;
  type: string;
  actor: string;
  summary: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  cause: Prisma.JsonValue;
}

/** The `where` part every timeline query shares: events after the last one seen, of the types asked for. */
export function eventsAfter(query: { after: number; type?: string[] }) {
  return { n: { gt: query.after }, ...(query.type ? { type: { in: query.type } } : {}) };
}

/**
 * One page of a timeline from `limit + 1` rows ordered by n: each event with the fields its
 * playbook adds (item, criterion, support type), and `nextAfter` to ask for the rest.
 */
export function timelinePage<Row extends EventRow, Extra>(
  rows: readonly Row[],
  limit: number,
  extra: (row: Row) => Extra,
) {
  const items = rows.slice(0, limit).map((row) => ({
    n: row.n,
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actor,
    ...extra(row),
    summary: row.summary,
    before: jsonObject(row.before),
    after: jsonObject(row.after),
    cause: jsonObject(row.cause),
  }));
  return { items, nextAfter: rows.length > limit ? (items.at(-1)?.n ?? null) : null };
}

/** Stored before/after/cause: a JSON object, or null when the event has none. */
function jsonObject(value: Prisma.JsonValue): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
