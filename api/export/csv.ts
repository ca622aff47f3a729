import { stringify } from 'csv-stringify/sync';
import type { RouteResult } from '../http/route';
import type { Language } from '../../domain/shared/text';

/**
 * CSV exports of lists and tables (issue 18): read from the database a batch at a time (keyset
 * paging, so memory holds one batch however long the list), written as RFC 4180 (every record ends
 * CRLF; a field with a comma, quote or line break is quoted, quotes doubled) in UTF-8 with a byte
 * order mark, so Excel opens Chinese text correctly. Column headings are in the reader's language.
 */

export const CSV_BATCH = 500;
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

export interface CsvColumn<Row> {
  en: string;
  zh: string;
  value: (row: Row) => unknown;
}

/**
 * The rows as CSV text pieces: the heading, then one piece per batch. `batch(after)` returns up to
 * CSV_BATCH rows following `after` (the previous batch's last row) in the export's order.
 */
export async function* csvPieces<Row>(
  columns: readonly CsvColumn<Row>[],
  language: Language,
  batch: (after: Row | undefined) => Promise<Row[]>,
): AsyncGenerator<string> {
  yield `\uFEFF${record([columns.map((column) => column[language])])}`;
  let after: Row | undefined;
  for (;;) {
    const rows = await batch(after);
    if (rows.length > 0) yield record(rows.map((row) => columns.map((column) => cell(column.value(row)))));
    if (rows.length < CSV_BATCH) return;
    after = rows[rows.length - 1];
  }
}

const record = (rows: unknown[][]) => stringify(rows, { record_delimiter: '\r\n' });

/**
 * One field as text: dates as ISO, lists joined by "; ", nothing as empty. A text starting with
 * = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet never runs it as a formula.
 */
function cell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return cell(value.map((item) => String(item)).join('; '));
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A streamed CSV answer saved under `fileName` (with today's date) by browsers. */
export function csvAnswer(fileName: string, pieces: AsyncIterable<string>): RouteResult {
  const day = new Date().toISOString().slice(0, 10);
  return {
    status: 200,
    contentType: CSV_MEDIA_TYPE,
    headers: { 'content-disposition': `attachment; filename="${fileName}-${day}.csv"` },
    stream: pieces,
  };
}
