// Robust summaries for small samples: the median and the interquartile range, never the mean (one slow round from
// a busy disk must not move the headline number).

/** A summary of one series of measurements. */
export interface Summary {
  /** The median. */
  median: number;
  /** 25th percentile. */
  p25: number;
  /** 75th percentile. */
  p75: number;
  /** Smallest sample. */
  min: number;
  /** Largest sample. */
  max: number;
  /** How many samples. */
  n: number;
}

/**
 * The q-quantile with linear interpolation between the closest ranks.
 *
 * @param sorted Ascending samples (at least one).
 * @param q In [0, 1].
 * @returns The quantile.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError("Cannot take a quantile of no samples");
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * @param samples The measurements.
 * @returns Median, quartiles and range.
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    n: sorted.length,
  };
}

/**
 * Ratios of paired samples (round i of A over round i of B), summarised. Pairing cancels drift in machine load,
 * which a ratio of two medians would not.
 *
 * @param a Samples of A, one per round.
 * @param b Samples of B, same rounds.
 * @returns The summary of a[i] / b[i].
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  if (a.length !== b.length) throw new RangeError("Cannot pair series of different lengths");
  return summarize(a.map((x, i) => x / b[i]!));
}

/**
 * The spread as a relative half-IQR, e.g. "±3%".
 *
 * @param s A summary.
 * @returns The formatted spread.
 */
export function spread(s: Summary): string {
  if (s.median === 0) return "±0%";
  return `±${((s.p75 - s.p25) / 2 / s.median * 100).toFixed(1)}%`;
}
