import type { z } from 'zod';
import type { Prisma } from '../../db/generated/client';

/** The columns every playbook's timeline table (launch_event, poc_event, deal_event) shares. */
interface EventRow {
  n: number;
  at: Date;
  type: string;
  actor: string;
  /** The role the actor acted in and the minutes they recorded (issue 21); absent on launch runs' events. */
  actorRole?: string | null;
  effortMinutes?: number | null;
  summary: string;
  /** Timelines that keep their summaries as catalog texts (not the launch run's, worded on the board from its type). */
  message?: Prisma.JsonValue;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  cause: Prisma.JsonValue;
}

/** What every timeline route answers: a page of events, or 404 for a case the caller cannot see. */
export function timelineResponses(page: z.ZodType, notFoundDescription: string) {
  return {
    200: { description: 'Who did what and when, and why alarms fired, oldest first', schema: page },
    404: { description: notFoundDescription },
  };
}

/**
 * The findMany arguments of one timeline page: the case's events (`where`) after the last one
 * seen, of the types asked for, `limit + 1` of them in order so the page knows whether more follow.
 */
export function eventPageArgs<Where extends object>(
  query: { after: number; type?: string[]; limit: number },
  where: Where,
) {
  return {
    where: { ...where, n: { gt: query.after }, ...(query.type ? { type: { in: query.type } } : {}) },
    orderBy: { n: 'asc' as const },
    take: query.limit + 1,
  };
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
    ...(row.actorRole ? { actorRole: row.actorRole } : {}),
    ...(typeof row.effortMinutes === 'number' ? { effortMinutes: row.effortMinutes } : {}),
    ...extra(row),
    summary: row.summary,
    // Only entries written with a text carry one; older ones (and launch runs) have just their summary.
    ...(jsonObject(row.message ?? null) ? { message: jsonObject(row.message ?? null) } : {}),
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
