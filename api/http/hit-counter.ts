import type { Database } from '../../db/prisma';

/** Counts requests per key in fixed one-minute windows. */
export interface HitCounter {
  /** Counts one more request for `key` in the current window and returns the window's count. */
  hit(key: string): Promise<number>;
  /** The current window's count for `key`, without counting. */
  peek(key: string): Promise<number>;
}

export const WINDOW_MS = 60_000;

function windowStart(now: number): Date {
  return new Date(now - (now % WINDOW_MS));
}

/** Seconds until the current window ends: what a 429's Retry-After says. */
export function secondsLeftInWindow(now = Date.now()): number {
  return Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000));
}

/**
 * Counts in Postgres, so every API replica shares the counts: one upsert per request. Windows
 * older than a few minutes are deleted now and then.
 */
export class PostgresHitCounter implements HitCounter {
  private lastPurge = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<number> {
    const now = this.now();
    this.purgeNowAndThen(now);
    const [row] = await this.db.$queryRaw<{ count: number }[]>`
      INSERT INTO rate_limit_counter (key, window_start, count) VALUES (${key}, ${windowStart(now)}, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1
      RETURNING count`;
    return row?.count ?? 1;
  }

  async peek(key: string): Promise<number> {
    const row = await this.db.rateLimitCounter.findUnique({
      where: { key_windowStart: { key, windowStart: windowStart(this.now()) } },
      select: { count: true },
    });
    return row?.count ?? 0;
  }

  private purgeNowAndThen(now: number): void {
    if (now - this.lastPurge < WINDOW_MS) return;
    this.lastPurge = now;
    // Best effort: a failed purge is retried a minute later, and never fails a request.
    this.db.rateLimitCounter
      .deleteMany({ where: { windowStart: { lt: new Date(now - 5 * WINDOW_MS) } } })
      .catch(() => undefined);
  }
}

/** Counts in this process only: for tests and single-process tools. */
export class MemoryHitCounter implements HitCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string): Promise<number> {
    const slot = this.slot(key);
    const count = (this.counts.get(slot) ?? 0) + 1;
    this.counts.set(slot, count);
    return count;
  }

  async peek(key: string): Promise<number> {
    return this.counts.get(this.slot(key)) ?? 0;
  }

  private slot(key: string): string {
    return `${windowStart(this.now()).getTime()} ${key}`;
  }
}
