import {
  type BatchObservableResult,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
} from "@opentelemetry/api";
import { instrumentationName, instrumentationVersion } from "./gateway-tracer.ts";

/** Which API a publish came through. */
export type PublishApi = "unary" | "stream";
/** How a publish was answered. */
export type PublishResult = "written" | "duplicate" | "error";
export type TransactionKind = "publish" | "interactive" | "process";
/** committed; aborted (by the client, after a failure, or idle); unknown: a commit whose answer was lost. */
export type TransactionOutcome = "committed" | "aborted" | "timed_out" | "unknown";

/** Seconds, from 1 ms to 30 s: publishes and transactions take a few ms to a few seconds. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Instruments {
  readonly publishes: Counter;
  readonly publishDuration: Histogram;
  readonly duplicates: Counter;
  readonly transactions: Counter;
  readonly transactionDuration: Histogram;
  readonly recordsWritten: Counter;
  readonly fencedSessions: Counter;
  readonly processBatches: Counter;
  readonly catchUpDuration: Histogram;
}

const publishApis: readonly PublishApi[] = ["unary", "stream"];
const transactionKinds: readonly TransactionKind[] = ["publish", "interactive", "process"];
const transactionOutcomes: readonly TransactionOutcome[] = ["committed", "aborted", "timed_out", "unknown"];
const batchOutcomes = ["committed", "rejected", "dropped"] as const;

let cached: { provider: MeterProvider; instruments: Instruments } | undefined;

/**
 * The instruments, from the meter provider registered now. Histograms are in
 * seconds and named so (`..._seconds` in Prometheus: the exporter adds no unit
 * suffix of its own). The metrics API
 * has no proxy: instruments made before the SDK registers stay no-ops, so
 * they are made on first use and again if the provider changes.
 */
function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (cached?.provider === provider) return cached.instruments;
  const meter = provider.getMeter(instrumentationName, instrumentationVersion);
  const seconds = { unit: "s", advice: { explicitBucketBoundaries: latencyBuckets } };
  const made: Instruments = {
    publishes: meter.createCounter("onceport.publishes", {
      description: "Publishes answered, by API (unary, stream) and result (written, duplicate, error)",
    }),
    publishDuration: meter.createHistogram("onceport.publish.duration.seconds", {
      description: "From a publish's arrival to its answer (after the commit)",
      ...seconds,
    }),
    duplicates: meter.createCounter("onceport.duplicates", {
      description:
        "Publishes and transactions answered from their idempotency key's receipt, writing nothing",
    }),
    transactions: meter.createCounter("onceport.transactions", {
      description: "Kafka transactions ended, by kind and outcome (committed, aborted, timed_out, unknown)",
    }),
    transactionDuration: meter.createHistogram("onceport.transaction.duration.seconds", {
      description: "From a transaction's begin to its commit or abort",
      ...seconds,
    }),
    recordsWritten: meter.createCounter("onceport.records.written", {
      description: "Records committed to Kafka (receipts not counted), by transaction kind",
    }),
    fencedSessions: meter.createCounter("onceport.sessions.fenced", {
      description: "Sessions fenced: another session of the client took over, here or in another gateway",
    }),
    processBatches: meter.createCounter("onceport.process.batches", {
      description: "Process batches ended, by outcome (committed, rejected, dropped)",
    }),
    catchUpDuration: meter.createHistogram("onceport.receipts.catch_up.duration.seconds", {
      description:
        "A session's catch-up on its client's receipts, from the start of the read to the last receipt applied",
      ...seconds,
    }),
  };
  presentAtZero(made);
  cached = { provider, instruments: made };
  return made;
}

/**
 * Every counter series whose attributes are known up front, at 0: a scrape
 * right after the start shows them, so `rate()` and alerts see the first
 * increase. (Publish errors carry their reason: those series come with the
 * first error. Histograms have no series before their first value.)
 */
function presentAtZero(made: Instruments): void {
  for (const api of publishApis) {
    for (const result of ["written", "duplicate"] as const) made.publishes.add(0, { api, result });
    made.duplicates.add(0, { api });
  }
  made.duplicates.add(0, { api: "transaction" });
  for (const kind of transactionKinds) {
    for (const outcome of transactionOutcomes) made.transactions.add(0, { kind, outcome });
    made.recordsWritten.add(0, { kind });
  }
  made.fencedSessions.add(0);
  for (const outcome of batchOutcomes) made.processBatches.add(0, { outcome });
}

/** What the gateway holds now, read at each collection. */
export interface HeldNow {
  readonly sessions: () => number;
  readonly openTransactions: () => number;
  readonly receipts: () => { readonly keys: number; readonly bytes: number };
}

/**
 * The gateway's metrics (served on the Prometheus endpoint when
 * OTEL_METRICS_EXPORTER=prometheus). Without a meter provider every call is
 * a no-op. Telemetry never breaks the work: nothing here throws.
 */
export const gatewayMetrics = {
  publish(api: PublishApi, result: PublishResult, seconds: number, errorType?: string): void {
    // Inline, not through guard(): this one runs for every publish.
    try {
      const { publishes, publishDuration, duplicates } = instruments();
      const attributes = errorType === undefined ? { api, result } : { api, result, "error.type": errorType };
      publishes.add(1, attributes);
      publishDuration.record(seconds, attributes);
      if (result === "duplicate") duplicates.add(1, { api });
    } catch {
      // A metrics failure is no reason to fail a publish.
    }
  },
  /** A BeginTransaction whose key had committed: answered from the receipt. */
  duplicateTransaction(): void {
    guard(() => instruments().duplicates.add(1, { api: "transaction" }));
  },
  transaction(kind: TransactionKind, outcome: TransactionOutcome, seconds: number, records: number): void {
    guard(() => {
      const { transactions, transactionDuration, recordsWritten } = instruments();
      transactions.add(1, { kind, outcome });
      transactionDuration.record(seconds, { kind, outcome });
      if (outcome === "committed" && records > 0) recordsWritten.add(records, { kind });
    });
  },
  fencedSession(): void {
    guard(() => instruments().fencedSessions.add(1));
  },
  processBatch(outcome: "committed" | "rejected" | "dropped"): void {
    guard(() => instruments().processBatches.add(1, { outcome }));
  },
  catchUp(seconds: number): void {
    guard(() => instruments().catchUpDuration.record(seconds));
  },
  /**
   * The counters at zero, and gauges of what the gateway holds (sessions, interactive
   * transactions, the idempotency keys in memory: count and estimated bytes), read from
   * `held` at each collection, on the meter provider registered now (telemetry registers
   * before the gateway starts). Returns the removal of the gauges' callback, for the stop.
   */
  observeGateway(held: HeldNow): () => void {
    let remove = () => {};
    guard(() => {
      instruments();
      const meter = metrics.getMeterProvider().getMeter(instrumentationName, instrumentationVersion);
      const sessions = meter.createObservableGauge("onceport.sessions.open", {
        description: "Sessions open on this gateway",
      });
      const transactions = meter.createObservableGauge("onceport.transactions.open", {
        description: "Interactive transactions open (BeginTransaction, not yet committed or aborted)",
      });
      const keys = meter.createObservableGauge("onceport.receipts.keys", {
        description: "Idempotency keys held in memory with their answers, over the clients served now",
      });
      const bytes = meter.createObservableGauge("onceport.receipts.memory", {
        description: "Estimated memory of the idempotency keys held (and the filters of those evicted)",
        unit: "By",
      });
      const observed = [sessions, transactions, keys, bytes];
      const callback = (result: BatchObservableResult) => {
        const receipts = held.receipts();
        result.observe(sessions, held.sessions());
        result.observe(transactions, held.openTransactions());
        result.observe(keys, receipts.keys);
        result.observe(bytes, receipts.bytes);
      };
      meter.addBatchObservableCallback(callback, observed);
      remove = () => guard(() => meter.removeBatchObservableCallback(callback, observed));
    });
    return remove;
  },
};

function guard(record: () => void): void {
  try {
    record();
  } catch {
    // A metrics failure is no reason to fail a publish.
  }
}

/** Seconds since a `performance.now()` reading. */
export function secondsSince(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
