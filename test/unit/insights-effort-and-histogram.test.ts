import { histogramSpread } from '../../api/insights/histogram';
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

describe('percentiles from a histogram of stays in tenths of a day', () => {
  it('equal percentile_cont over the stays the buckets stand for', () => {
    // Deterministic spread of bucket sizes, including empty buckets and a long tail.
    for (let seed = 1; seed <= 50; seed += 1) {
      const buckets = Array.from({ length: (seed % 7) + 1 }, (_, index) => ({
        tenths: (index * 37 + seed * 11) % 400,
        n: (index * seed) % 5,
      }));
      const stays = buckets.flatMap((bucket) => Array<number>(bucket.n).fill(bucket.tenths / 10));
      const spread = histogramSpread(buckets);
      expect(spread.count).toBe(stays.length);
      if (stays.length === 0) {
        expect(spread).toEqual({ count: 0, p50: null, p90: null });
        continue;
      }
      expect(spread.p50).toBeCloseTo(percentile(stays, 0.5)!, 9);
      expect(spread.p90).toBeCloseTo(percentile(stays, 0.9)!, 9);
    }
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
