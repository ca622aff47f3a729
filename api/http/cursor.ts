import type { z } from 'zod';
import { invalidRequest } from './problem';

/** Opaque page cursors: the sort key of the last row seen, base64url-encoded JSON. */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.output<T> {
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidRequest('cursor is not one this API issued; start again without it', [
      { path: 'cursor', message: 'unrecognised cursor', code: 'invalid_cursor' },
    ]);
  }
}

/**
 * One list page from `limit + 1` rows in cursor order: the first `limit` as items, and a cursor
 * naming the last item's sort key (`position`) when more rows follow.
 */
export function cursorPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  position: (last: Item) => readonly (string | number)[],
) {
  const items = rows.slice(0, limit).map((row) => toItem(row));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
