import type { ApiResponse } from './http';

/**
 * Every page of a list, following `nextCursor` until it is null (at most `maxPages`); checks that
 * each page answered 200 and is neither empty nor larger than `limit`.
 */
export async function walkPages(
  get: (path: string) => Promise<ApiResponse>,
  path: string,
  limit: number,
  maxPages: number,
): Promise<{ pages: number; rows: Record<string, unknown>[] }> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await get(
      `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThan(0);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    rows.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < maxPages);
  return { pages, rows };
}
