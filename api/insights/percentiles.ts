/**
 * Exact p50 and p90 of stays (README "Insights") without reading every stay of the window. The rollups count
 * the stays per band, a log-scaled bucket of their length (stay-histogram.ts); since a longer stay never lies in
 * a lower band, that histogram says in which band the stay at each needed rank lies and how many stays come
 * before it. Only the stays of those bands are then read in order of days from insights_stay, up to the rank.
 * The interpolation is percentile_cont's (linear between the closest ranks), computed as the tests compute it
 * over the plain list, so the figures are the same numbers.
 */

export interface HistogramBucket {
  /** The band of the stays it counts (ordered like their days). */
  bucket: number;
  /** How many stays it counts. */
  n: number;
}

export interface Spread {
  count: number;
  p50: number | null;
  p90: number | null;
}

/** Read the stays of `bucket` of `key` in sorted order, skip `skip`, and take `take`. */
export interface BucketRead {
  key: string;
  bucket: number;
  skip: number;
  take: number;
}

/** The sorted stays the read of `bucket` of `key` from the `skip`-th on returned. */
export type ReadStays = (key: string, bucket: number, skip: number) => readonly number[];

const FRACTIONS = { p50: 0.5, p90: 0.9 } as const;

interface Located {
  rank: number;
  bucket: number;
  /** The rank's place among the bucket's sorted stays. */
  offset: number;
}

/** Each zero-based rank p50 and p90 interpolate between, with the bucket that holds it. */
function locate(histogram: readonly HistogramBucket[]): { count: number; ranks: Map<number, Located> } {
  const sorted = histogram.filter((entry) => entry.n > 0).sort((a, b) => a.bucket - b.bucket);
  const count = sorted.reduce((sum, entry) => sum + entry.n, 0);
  const ranks = new Map<number, Located>();
  if (count === 0) return { count, ranks };
  for (const fraction of Object.values(FRACTIONS)) {
    const exact = fraction * (count - 1);
    for (const rank of [Math.floor(exact), Math.ceil(exact)]) {
      let below = 0;
      for (const entry of sorted) {
        if (rank < below + entry.n) {
          ranks.set(rank, { rank, bucket: entry.bucket, offset: rank - below });
          break;
        }
        below += entry.n;
      }
    }
  }
  return { count, ranks };
}

/**
 * The reads the spreads of `histograms` (by key) need: one per needed rank, two neighbouring ranks of one
 * bucket in one read (p50 and p90 may share a bucket; the stays between them are not fetched).
 */
export function bucketReads(histograms: ReadonlyMap<string, readonly HistogramBucket[]>): BucketRead[] {
  const reads: BucketRead[] = [];
  for (const [key, histogram] of histograms) {
    const located = [...locate(histogram).ranks.values()].sort((a, b) => a.rank - b.rank);
    for (const { bucket, offset } of located) {
      const last = reads.at(-1);
      if (last?.key === key && last.bucket === bucket && last.skip + last.take === offset) last.take += 1;
      else reads.push({ key, bucket, skip: offset, take: 1 });
    }
  }
  return reads;
}

/** p50 and p90 of the stays `histogram` counts, from the stays its reads (bucketReads) returned. */
export function exactSpread(key: string, histogram: readonly HistogramBucket[], stays: ReadStays): Spread {
  const { count, ranks } = locate(histogram);
  const reads = bucketReads(new Map([[key, histogram]]));
  const at = (rank: number): number => {
    const located = ranks.get(rank)!;
    const read = reads.find(
      (each) => each.bucket === located.bucket && each.skip <= located.offset && located.offset < each.skip + each.take,
    )!;
    const value = stays(key, located.bucket, read.skip)[located.offset - read.skip];
    // The histogram and the stays are read in one snapshot, so a missing stay means they disagree: say so.
    if (value === undefined) throw new Error(`insights: stay ${rank} of ${key} is not in bucket ${located.bucket}`);
    return value;
  };
  const percentile = (fraction: number): number | null => {
    if (count === 0) return null;
    const rank = fraction * (count - 1);
    const low = Math.floor(rank);
    return at(low) + (at(Math.ceil(rank)) - at(low)) * (rank - low);
  };
  return { count, p50: percentile(FRACTIONS.p50), p90: percentile(FRACTIONS.p90) };
}
