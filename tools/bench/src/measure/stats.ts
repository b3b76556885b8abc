/** Summaries of repeated runs and of latency samples. */

export interface RunSummary {
  /** The median of the runs: robust to one disturbed run on a shared machine. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median, in percent: how much the runs disagreed. */
  readonly spreadPercent: number;
  readonly runs: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

export function summarize(runs: readonly number[]): RunSummary {
  const mid = median(runs);
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  return {
    median: mid,
    min,
    max,
    spreadPercent: mid === 0 || runs.length === 0 ? Number.NaN : ((max - min) / mid) * 100,
    runs: [...runs],
  };
}

/**
 * The q-quantile (0..1) by the nearest-rank method, so p99.9 of 1,000 samples
 * is the largest one and no value is invented between samples.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export function latencySummary(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    p999: quantile(sorted, 0.999),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Ratios of paired runs (the i-th candidate run over the i-th baseline run, taken side by side). */
export function pairedRatios(candidate: readonly number[], baseline: readonly number[]): number[] {
  const pairs = Math.min(candidate.length, baseline.length);
  return Array.from({ length: pairs }, (_, i) => (candidate[i] as number) / (baseline[i] as number));
}
