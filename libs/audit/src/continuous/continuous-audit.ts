// Continuous mode: audits new data round by round as it commits (each round reads from where the
// last stopped up to the current LSO) and exports anomaly counts as Prometheus metrics. The
// record checks keep their state across rounds (the duplicate windows bound it); lost writes and
// the LSO are judged afresh each round. Consume-transform-produce is left to one-shot audits.
import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { AdapterName, KafkaAdmin, KafkaClient } from "@onceport/kafka";
import { buildReport } from "../build-report.ts";
import type { FallbackIdentity } from "../checks/identity.ts";
import { checkLedger } from "../checks/ledger-checks.ts";
import { RecordChecks } from "../checks/record-checks.ts";
import { auditKafkaClient } from "../kafka/kafka-client.ts";
import { highWatermarks, partitionList, topicPartitions } from "../kafka/offsets.ts";
import { partitionKey } from "../kafka/partition-range.ts";
import { type PlannedPartition, planRanges } from "../kafka/plan-ranges.ts";
import { readRanges } from "../kafka/read-ranges.ts";
import type { LedgerIndex } from "../ledger/ledger-index.ts";
import { readLedger } from "../ledger/read-ledger.ts";
import { AnomalyLog, type CheckName, type CheckResult, checkNames } from "../report/anomaly.ts";
import type { AuditReport } from "../report/audit-report.ts";
import type { LedgerSummary } from "../report/ledger-summary.ts";
import { AuditMetrics, serveMetrics } from "./metrics.ts";

export interface ContinuousAuditOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  /** Read once, at the start. */
  readonly ledger?: string | LedgerIndex;
  readonly fallbackIdentity?: FallbackIdentity;
  readonly idWindow?: number;
  /** Pause between rounds. Default 5,000 ms. */
  readonly intervalMs?: number;
  /** A partition whose LSO has not moved for this long while HW > LSO counts as hanging. Default 15,000 ms. */
  readonly lsoGraceMs?: number;
  /** 0 picks a free port. Default 9466. */
  readonly metricsPort?: number;
  readonly metricsHost?: string;
  readonly maxExamples?: number;
  /** The Kafka client library to read with (default: defaultAdapters.reader of @onceport/kafka). */
  readonly adapter?: AdapterName;
  /** A client to use instead of a new one of `adapter`. */
  readonly client?: KafkaClient;
  readonly onRound?: (round: { round: number; records: number; anomalies: number }) => void;
  readonly onError?: (error: unknown) => void;
}

export interface ContinuousAudit {
  /** host:port of the metrics endpoint. */
  readonly metricsAddress: string;
  readonly metrics: AuditMetrics;
  /** The report as of the latest round. */
  report(): AuditReport;
  /** Waits for the running round, stops, closes the metrics server; returns the last report. */
  stop(): Promise<AuditReport>;
}

export async function startContinuousAudit(options: ContinuousAuditOptions): Promise<ContinuousAudit> {
  const startedAt = Date.now();
  const client = await auditKafkaClient(options);
  const admin = await client.admin();
  let server: Server | undefined;
  try {
    const partitions = await topicPartitions(admin, options.topics);
    const ledger =
      typeof options.ledger === "string"
        ? await readLedger(options.ledger, { topics: options.topics })
        : options.ledger;
    const metrics = new AuditMetrics();
    const served = await serveMetrics(
      metrics,
      options.metricsHost ?? "127.0.0.1",
      options.metricsPort ?? 9466,
    );
    server = served.server;
    const state = new RoundState(client, admin, options, partitions, ledger, metrics, startedAt);
    const stopper = new AbortController();
    const loop = (async () => {
      while (!stopper.signal.aborted) {
        try {
          await state.round();
        } catch (error) {
          metrics.roundErrors.inc();
          options.onError?.(error);
        }
        await sleep(options.intervalMs ?? 5000, undefined, { signal: stopper.signal }).catch(() => undefined);
      }
    })();
    const metricsServer = server;
    return {
      metricsAddress: served.address,
      metrics,
      report: () => state.report(),
      stop: async () => {
        stopper.abort();
        await loop;
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        await admin.close();
        return state.report();
      },
    };
  } catch (error) {
    server?.close();
    await admin.close();
    throw error;
  }
}

class RoundState {
  private readonly log: AnomalyLog;
  private readonly checks: RecordChecks;
  private readonly positions = new Map<string, number>();
  private readonly perPartition = new Map<string, number>();
  private readonly stuckSince = new Map<string, { stable: number; since: number }>();
  private planned: PlannedPartition[] = [];
  private hws = new Map<string, number>();
  private derived: Record<CheckName, CheckResult>;
  private ledgerSummary: LedgerSummary | null = null;
  private rounds = 0;
  private readMs = 0;
  private readonly client: KafkaClient;
  private readonly admin: KafkaAdmin;
  private readonly options: ContinuousAuditOptions;
  private readonly partitions: Map<string, number[]>;
  private readonly ledger: LedgerIndex | undefined;
  private readonly metrics: AuditMetrics;
  private readonly startedAt: number;

  constructor(
    client: KafkaClient,
    admin: KafkaAdmin,
    options: ContinuousAuditOptions,
    partitions: Map<string, number[]>,
    ledger: LedgerIndex | undefined,
    metrics: AuditMetrics,
    startedAt: number,
  ) {
    this.client = client;
    this.admin = admin;
    this.options = options;
    this.partitions = partitions;
    this.ledger = ledger;
    this.metrics = metrics;
    this.startedAt = startedAt;
    this.log = new AnomalyLog(options.maxExamples ?? 5);
    this.checks = new RecordChecks({
      log: this.log,
      ...(ledger === undefined ? {} : { ledger }),
      fallbackIdentity: options.fallbackIdentity ?? "none",
      idWindow: options.idWindow ?? 2_000_000,
    });
    this.derived = new AnomalyLog(0).snapshot();
  }

  async round(): Promise<void> {
    const snapshot = await planRanges(this.admin, this.partitions, undefined, undefined);
    this.hws = await highWatermarks(this.admin, partitionList(this.partitions));
    const planned = snapshot.map((p) => {
      const key = partitionKey(p.topic, p.partition);
      const start = Math.max(p.low, this.positions.get(key) ?? p.low);
      return { ...p, start: Math.min(start, p.end) };
    });
    const readUncommitted = this.ledger !== undefined;
    const before = this.checks.committedRecords;
    const readStartedAt = Date.now();
    this.checks.forgetDelivered();
    await readRanges({
      client: this.client,
      ranges: planned,
      isolation: "read_committed",
      onRecord: (record) => {
        const key = partitionKey(record.topic, record.partition);
        this.perPartition.set(key, (this.perPartition.get(key) ?? 0) + 1);
        this.checks.committed(record, readUncommitted);
      },
    });
    if (readUncommitted) {
      await readRanges({
        client: this.client,
        ranges: planned,
        isolation: "read_uncommitted",
        onRecord: (record) => this.checks.uncommitted(record),
      });
    }
    this.readMs += Date.now() - readStartedAt;
    for (const p of planned) this.positions.set(partitionKey(p.topic, p.partition), p.end);
    // The audited range so far runs from the first round's start to this round's end.
    this.planned = planned.map((p) => {
      const earlier = this.planned.find((q) => q.topic === p.topic && q.partition === p.partition);
      return { ...p, start: earlier?.start ?? p.start };
    });
    this.judge();
    this.rounds += 1;
    const records = this.checks.committedRecords - before;
    this.metrics.records.inc(records);
    this.metrics.rounds.inc();
    this.metrics.lastRound.set(Date.now() / 1000);
    this.options.onRound?.({ round: this.rounds, records, anomalies: this.anomalyCount() });
  }

  report(): AuditReport {
    return buildReport({
      startedAt: this.startedAt,
      readMs: this.readMs,
      brokers: this.options.brokers,
      planned: this.planned,
      highWatermarks: this.hws,
      recordsPerPartition: this.perPartition,
      checks: this.checks,
      results: this.results(),
      ledger: this.ledger,
      ledgerSummary: this.ledgerSummary,
      readUncommitted: this.ledger !== undefined,
      idWindow: this.options.idWindow ?? 2_000_000,
      notes: [`continuous audit: ${this.rounds} round(s)`],
    });
  }

  /** Lost writes and hanging transactions, judged afresh on the data read so far. */
  private judge(): void {
    const derived = new AnomalyLog(this.options.maxExamples ?? 5);
    if (this.ledger !== undefined) {
      this.ledgerSummary = checkLedger({
        ledger: this.ledger,
        log: derived,
        order: this.checks.order,
        ranges: new Map(this.planned.map((p) => [partitionKey(p.topic, p.partition), p])),
        wholeTopics: true,
        topics: new Set(this.options.topics),
      });
    }
    const now = Date.now();
    for (const p of this.planned) {
      const key = partitionKey(p.topic, p.partition);
      const hw = this.hws.get(key) ?? p.stable;
      this.metrics.lsoLag.set({ topic: p.topic, partition: String(p.partition) }, hw - p.stable);
      const stuck = this.stuckSince.get(key);
      if (hw <= p.stable) this.stuckSince.delete(key);
      else if (stuck === undefined || stuck.stable !== p.stable)
        this.stuckSince.set(key, { stable: p.stable, since: now });
      else if (now - stuck.since >= (this.options.lsoGraceMs ?? 15_000)) {
        derived.add("hangingTransactions", {
          kind: "lso-stuck",
          topic: p.topic,
          partition: p.partition,
          offsets: [String(p.stable), String(hw)],
          detail: `the LSO has stayed at ${p.stable} for ${now - stuck.since} ms while the high watermark is ${hw}`,
        });
      }
    }
    this.derived = derived.snapshot();
    const results = this.results();
    for (const name of checkNames) this.metrics.anomalies.set({ check: name }, results[name].count);
    this.metrics.pass.set(this.anomalyCount() === 0 ? 1 : 0);
    this.metrics.idsHeld.set(this.checks.windowStats().held);
  }

  private results(): Record<CheckName, CheckResult> {
    const cumulative = this.log.snapshot();
    const results = { ...cumulative };
    results.lostWrites = this.derived.lostWrites;
    results.hangingTransactions = this.derived.hangingTransactions;
    if (this.ledger === undefined) {
      for (const name of ["lostWrites", "order", "unknownOutcomes"] as const) {
        results[name] = { ...results[name], status: "skipped", note: "needs a ledger" };
      }
    }
    results.consumeTransformProduce = {
      ...results.consumeTransformProduce,
      status: results.consumeTransformProduce.count > 0 ? "failed" : "skipped",
      note: "output sets and offsets are checked by one-shot audits",
    };
    return results;
  }

  private anomalyCount(): number {
    const results = this.results();
    return checkNames.reduce((sum, name) => sum + results[name].count, 0);
  }
}
