import { type Counter, type Histogram, type MeterProvider, metrics } from "@opentelemetry/api";
import { instrumentationName, instrumentationVersion } from "./gateway-tracer.ts";

/** Which API a publish came through. */
export type PublishApi = "unary" | "stream";
/** How a publish was answered. */
export type PublishResult = "written" | "duplicate" | "error";
export type TransactionKind = "publish" | "interactive" | "process";
/** committed; aborted (by the client, after a failure, or idle); unknown: a commit whose answer was lost. */
export type TransactionOutcome = "committed" | "aborted" | "timed_out" | "unknown";

/** Seconds, from 1 ms to 30 s: publishes and transactions take a few ms to a few seconds. */
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Instruments {
  readonly publishes: Counter;
  readonly publishDuration: Histogram;
  readonly duplicates: Counter;
  readonly transactions: Counter;
  readonly transactionDuration: Histogram;
  readonly recordsWritten: Counter;
  readonly fencedSessions: Counter;
  readonly processBatches: Counter;
  readonly rpcDuration: Histogram;
}

let cached: { provider: MeterProvider; instruments: Instruments } | undefined;

/**
 * The instruments, from the meter provider registered now. The metrics API
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
    publishDuration: meter.createHistogram("onceport.publish.duration", {
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
    transactionDuration: meter.createHistogram("onceport.transaction.duration", {
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
    rpcDuration: meter.createHistogram("rpc.server.call.duration", {
      description: "Unary gRPC calls, by method and status code",
      ...seconds,
    }),
  };
  cached = { provider, instruments: made };
  return made;
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
  /**
   * Gauges of the idempotency keys held in memory (count and estimated bytes), read from
   * `held` at each collection, on the meter provider registered now (telemetry registers
   * before the gateway starts).
   */
  observeReceipts(held: () => { readonly keys: number; readonly bytes: number }): void {
    guard(() => {
      const meter = metrics.getMeterProvider().getMeter(instrumentationName, instrumentationVersion);
      const keys = meter.createObservableGauge("onceport.receipts.keys", {
        description: "Idempotency keys held in memory with their answers, over the clients served now",
      });
      const bytes = meter.createObservableGauge("onceport.receipts.memory", {
        description: "Estimated memory of the idempotency keys held (and the filters of those evicted)",
        unit: "By",
      });
      meter.addBatchObservableCallback(
        (result) => {
          const now = held();
          result.observe(keys, now.keys);
          result.observe(bytes, now.bytes);
        },
        [keys, bytes],
      );
    });
  },
  rpc(method: string, statusCode: number, seconds: number): void {
    guard(() =>
      instruments().rpcDuration.record(seconds, {
        "rpc.system": "grpc",
        "rpc.method": method,
        "rpc.grpc.status_code": statusCode,
      }),
    );
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
