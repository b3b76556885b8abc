import { pairedRatios, type RunSummary, summarize } from "../measure/stats.ts";
import type { ThroughputSample } from "./throughput-sample.ts";

/** One variant of a throughput comparison, summarised over its runs. */
export interface ThroughputRow {
  readonly variant: string;
  readonly baseline: boolean;
  readonly recordsPerSec: RunSummary;
  readonly mbPerSec: RunSummary;
  /** Records/s over the baseline's, run by run (each pair ran side by side). */
  readonly ratio: RunSummary | undefined;
  /** CPU µs per record of each process (client, gateway, broker). */
  readonly cpuUsPerRecord: Readonly<Record<string, RunSummary>>;
  readonly errors: number;
}

export interface ThroughputTable {
  readonly title: string;
  readonly rows: readonly ThroughputRow[];
}

export function throughputTable(
  title: string,
  baseline: string,
  results: ReadonlyMap<string, readonly ThroughputSample[]>,
): ThroughputTable {
  const base = (results.get(baseline) ?? []).map((sample) => sample.recordsPerSec);
  const rows = [...results].map(([variant, samples]): ThroughputRow => {
    const rates = samples.map((sample) => sample.recordsPerSec);
    const processes = [...new Set(samples.flatMap((sample) => Object.keys(sample.cpuUsPerRecord)))];
    return {
      variant,
      baseline: variant === baseline,
      recordsPerSec: summarize(rates),
      mbPerSec: summarize(samples.map((sample) => sample.mbPerSec)),
      ratio: variant === baseline ? undefined : summarize(pairedRatios(rates, base)),
      cpuUsPerRecord: Object.fromEntries(
        processes.map((name) => [
          name,
          summarize(samples.map((sample) => sample.cpuUsPerRecord[name] ?? Number.NaN)),
        ]),
      ),
      errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    };
  });
  return { title, rows };
}

/** One run of a latency variant. */
export interface LatencySample {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly count: number;
  readonly publishesPerSec: number;
  readonly errors: number;
}

export interface LatencyRow {
  readonly variant: string;
  readonly baseline: boolean;
  readonly p50: RunSummary;
  readonly p99: RunSummary;
  readonly p999: RunSummary;
  readonly publishesPerSec: RunSummary;
  /** p50 minus the baseline's p50, run by run (ms). */
  readonly p50OverheadMs: RunSummary | undefined;
  /** Publishes measured in all runs together. */
  readonly samples: number;
  readonly errors: number;
}

export interface LatencyTable {
  readonly title: string;
  readonly rows: readonly LatencyRow[];
}

export function latencyTable(
  title: string,
  baseline: string,
  results: ReadonlyMap<string, readonly LatencySample[]>,
): LatencyTable {
  const baseP50 = (results.get(baseline) ?? []).map((sample) => sample.p50);
  const rows = [...results].map(([variant, samples]): LatencyRow => {
    const p50 = samples.map((sample) => sample.p50);
    return {
      variant,
      baseline: variant === baseline,
      p50: summarize(p50),
      p99: summarize(samples.map((sample) => sample.p99)),
      p999: summarize(samples.map((sample) => sample.p999)),
      publishesPerSec: summarize(samples.map((sample) => sample.publishesPerSec)),
      p50OverheadMs:
        variant === baseline
          ? undefined
          : summarize(p50.slice(0, baseP50.length).map((value, i) => value - (baseP50[i] as number))),
      samples: samples.reduce((sum, sample) => sum + sample.count, 0),
      errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    };
  });
  return { title, rows };
}

/** One run of the sessions case. */
export interface SessionsSample {
  readonly opened: number;
  readonly openSeconds: number;
  readonly peakRssMiB: number;
  readonly p99Ms: number;
  readonly peakSockets: number;
  /** After the idle timeout: sessions closed by the gateway, producers released. */
  readonly idleRssMiB: number;
  readonly idleSockets: number;
  readonly publishes: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

export interface SessionsRow {
  readonly sessions: number;
  readonly opened: RunSummary;
  readonly openSeconds: RunSummary;
  readonly peakRssMiB: RunSummary;
  readonly p99Ms: RunSummary;
  readonly peakSockets: RunSummary;
  readonly idleRssMiB: RunSummary;
  readonly idleSockets: RunSummary;
  readonly publishes: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

export interface SessionsTable {
  /** What the gateway held with no session at all, for comparison. */
  readonly baselineRssMiB: RunSummary;
  readonly baselineSockets: RunSummary;
  readonly rows: readonly SessionsRow[];
}

/** Session opens (each a takeover: fencing, a marker, the catch-up) of clients holding this many keys. */
export interface SessionOpenRow {
  readonly clientKeys: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly samples: number;
}

/** A gateway on a receipts window of `keys` idempotency keys (the idempotency-keys case). */
export interface IdempotencyKeysRun {
  readonly keys: number;
  readonly clients: number;
  readonly receiptsMiB: number;
  readonly loadSeconds: number;
  /** From spawning the gateway to its "listening on" (health SERVING). */
  readonly startSeconds: number;
  readonly rssAfterStartMiB: number;
  /** After 100 sessions of clients with an even share of the window each. */
  readonly rssAfterSessionsMiB: number;
  readonly sessionOpen: readonly SessionOpenRow[];
  /** A publish retried with a key evicted from memory: read back from Kafka. */
  readonly evictedDuplicate: { readonly p50Ms: number; readonly p99Ms: number; readonly samples: number };
}
