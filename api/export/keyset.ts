import { Prisma } from '../../db/generated/client';
import { and } from '../http/sql';
import { CSV_BATCH } from './csv';

/**
 * One export batch in keyset order (issue 18): the rows after the previous batch's last one, found by
 * comparing the sort key as a row value, so each batch is an index range however deep the export is.
 */

export interface KeysetColumn<Row extends object = Record<string, unknown>> {
  /** The column as the query names it, e.g. `d.requested_at` (trusted: written in code, never from a request). */
  column: string;
  /** The field of a fetched row holding its value. */
  field: keyof Row & string;
  /** The type the value is compared as, when it is read as text (dates: `date`). */
  cast?: 'date';
}

/** `WHERE … ORDER BY … LIMIT` for the batch after `after` in the order of `keys` (the last one unique). */
export function keysetBatch<Row extends object>(
  conditions: readonly Prisma.Sql[],
  after: Row | undefined,
  keys: readonly KeysetColumn<Row>[],
  descending = false,
): Prisma.Sql {
  const columns = Prisma.raw(keys.map((key) => key.column).join(', '));
  const seen = after
    ? Prisma.sql`(${columns}) ${Prisma.raw(descending ? '<' : '>')} (${Prisma.join(
        keys.map((key) => (key.cast ? Prisma.sql`${after[key.field]}::date` : Prisma.sql`${after[key.field]}`)),
      )})`
    : undefined;
  const order = Prisma.raw(keys.map((key) => `${key.column}${descending ? ' DESC' : ''}`).join(', '));
  return Prisma.sql`WHERE ${and([...conditions, ...(seen ? [seen] : [])])} ORDER BY ${order} LIMIT ${CSV_BATCH}`;
}

/** A list's order: one column (with the row field holding it), then the table's id to break ties. */
export function orderedBy<Row extends { id: string } | Record<string, unknown> = Record<string, unknown>>(
  column: string,
  field: keyof Row & string,
  cast?: 'date',
): KeysetColumn<Row>[] {
  const alias = column.split('.')[0];
  return [
    { column, field, ...(cast ? { cast } : {}) },
    { column: `${alias}.id`, field: 'id' as keyof Row & string },
  ];
}
