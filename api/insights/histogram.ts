/**
 * Percentiles from a histogram of stays counted in tenths of a day (the insights rollups keep stays that
 * way, README "Insights"): percentile_cont's linear interpolation between the closest ranks, over the
 * values the buckets stand for, without listing every stay.
 */

export interface HistogramBucket {
  /** The stay in tenths of a day (round(days * 10)). */
  tenths: number;
  /** How many stays have it. */
  n: number;
}

export interface Spread {
  count: number;
  p50: number | null;
  p90: number | null;
}

export function histogramSpread(buckets: readonly HistogramBucket[]): Spread {
  const sorted = buckets.filter((bucket) => bucket.n > 0).sort((a, b) => a.tenths - b.tenths);
  const count = sorted.reduce((sum, bucket) => sum + bucket.n, 0);
  /** The value (in days) at zero-based rank `rank` of the sorted stays. */
  const at = (rank: number): number => {
    let seen = 0;
    for (const bucket of sorted) {
      seen += bucket.n;
      if (rank < seen) return bucket.tenths / 10;
    }
    return sorted.at(-1)!.tenths / 10;
  };
  const percentile = (fraction: number): number | null => {
    if (count === 0) return null;
    const rank = fraction * (count - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return at(low) + (at(high) - at(low)) * (rank - low);
  };
  return { count, p50: percentile(0.5), p90: percentile(0.9) };
}
