import { bucketReads, exactSpread, type HistogramBucket } from '../../api/insights/percentiles';
import { actingRole } from '../../api/insights/effort';
import { stampActionEffort, type StampedEvent } from '../../domain/insights/effort';
import type { Principal } from '../../api/auth/principal';
import type { Role } from '../../domain/shared/roles';

/** percentile_cont over a plain list: linear interpolation between the closest ranks. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.ceil(rank)]! - sorted[low]!) * (rank - low);
}

describe('exact percentiles read through a histogram of stays in tenths of a day', () => {
  /** A deterministic spread of stays in days (to the millisecond), many in one bucket, some far out. */
  const staysOf = (seed: number): number[] =>
    Array.from({ length: (seed * 7) % 41 }, (_, index) => {
      const ms = ((index + 1) * 7_919 * seed) % (index % 3 === 0 ? 3_600_000 : 40 * 86_400_000);
      return ms / 86_400_000;
    });

  it('equal percentile_cont over the plain stays, reading only the buckets that hold the ranks', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const stays = staysOf(seed);
      const sorted = [...stays].sort((a, b) => a - b);
      const histogram: HistogramBucket[] = [];
      for (const days of stays) {
        const bucket = Math.round(days * 10);
        const entry = histogram.find((each) => each.bucket === bucket);
        if (entry) entry.n += 1;
        else histogram.push({ bucket, n: 1 });
      }
      const reads = bucketReads(new Map([['poc:requested', histogram]]));
      // What insights_stay answers for each read: the bucket's stays, sorted, from the skip-th on.
      const answered = (bucket: number, skip: number) =>
        reads
          .filter((read) => read.bucket === bucket && read.skip === skip)
          .flatMap((read) => sorted.filter((days) => Math.round(days * 10) === bucket).slice(skip, skip + read.take));
      const spread = exactSpread('poc:requested', histogram, (_, bucket, skip) => answered(bucket, skip));
      expect(spread).toEqual({ count: stays.length, p50: percentile(stays, 0.5), p90: percentile(stays, 0.9) });
      // At most the two ranks around each of p50 and p90 are read, never the whole window.
      expect(reads.reduce((sum, read) => sum + read.take, 0)).toBeLessThanOrEqual(Math.min(4, stays.length));
    }
  });

  it('says so when the stays read do not hold a rank the histogram promised', () => {
    const histogram = [{ bucket: 3, n: 2 }];
    expect(() => exactSpread('deal:requested', histogram, () => [0.3])).toThrow(/stay 1 of deal:requested/);
  });
});

describe('effort and the actor role on timeline events', () => {
  const timeline = (): StampedEvent[] => [{ n: 1 }, { n: 2 }, { n: 3 }];

  it('stamps the role on every event the action wrote and the minutes on its first only', () => {
    const state = { timeline: timeline() };
    stampActionEffort(state, 1, { actorRole: 'sales', effortMinutes: 25 });
    expect(state.timeline).toEqual([
      { n: 1 },
      { n: 2, actorRole: 'sales', effortMinutes: 25 },
      { n: 3, actorRole: 'sales' },
    ]);
  });

  it('stamps only what the acting person wrote, not what Baton wrote in the same step', () => {
    const state = {
      timeline: [
        { n: 1, actor: 'rita' },
        { n: 2, actor: 'baton' },
        { n: 3, actor: 'rita' },
      ],
    };
    stampActionEffort(state, 0, { actor: 'rita', actorRole: 'regional_ops', effortMinutes: 20 });
    expect(state.timeline).toEqual([
      { n: 1, actor: 'rita', actorRole: 'regional_ops', effortMinutes: 20 },
      { n: 2, actor: 'baton' },
      { n: 3, actor: 'rita', actorRole: 'regional_ops' },
    ]);
  });

  it('leaves out minutes the API would have refused, and stamps nothing when the request carries nothing', () => {
    for (const effortMinutes of [0, -5, 1.5, 721, Number.NaN]) {
      const state = { timeline: timeline() };
      stampActionEffort(state, 0, { actorRole: 'presales', effortMinutes });
      expect(state.timeline.map((event) => event.effortMinutes)).toEqual([undefined, undefined, undefined]);
    }
    const untouched = { timeline: timeline() };
    stampActionEffort(untouched, 0, {});
    expect(untouched.timeline).toEqual(timeline());
  });

  it('names the first of the caller’s roles, in the order Baton lists them, that grants the action', () => {
    const principal = (roles: Role[]): Principal => ({ subject: 'ann', roles, regions: ['east'], via: 'jwt' });
    expect(actingRole(principal(['admin', 'sales', 'regional_ops']), 'poc:decide')).toBe('regional_ops');
    expect(actingRole(principal(['admin', 'sales']), 'poc:decide')).toBe('admin');
    expect(actingRole(principal(['read_only']), 'poc:decide')).toBeUndefined();
  });
});
