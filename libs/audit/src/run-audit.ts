// One audit: snapshot where each partition stands, read it back with read_committed (and
// read_uncommitted where the ledger needs it), run every check, and report.
import { OnceportError } from "@onceport/errors";
import type { AdapterName, KafkaClient } from "@onceport/kafka";
import { buildReport } from "./build-report.ts";
import type { FallbackIdentity } from "./checks/identity.ts";
import { checkLedger } from "./checks/ledger-checks.ts";
import { checkProcessOffsets } from "./checks/process-offsets-check.ts";
import { RecordChecks } from "./checks/record-checks.ts";
import { checkTransactions } from "./checks/transactions-check.ts";
import { auditKafkaClient } from "./kafka/kafka-client.ts";
import { highWatermarks, partitionList, topicPartitions } from "./kafka/offsets.ts";
import { partitionKey } from "./kafka/partition-range.ts";
import { type Bound, planRanges } from "./kafka/plan-ranges.ts";
import { readRanges } from "./kafka/read-ranges.ts";
import type { TransactionsTool } from "./kafka/transactions-tool.ts";
import type { LedgerIndex } from "./ledger/ledger-index.ts";
import { readLedger } from "./ledger/read-ledger.ts";
import { AnomalyLog } from "./report/anomaly.ts";
import type { AuditReport } from "./report/audit-report.ts";
import type { LedgerSummary } from "./report/ledger-summary.ts";

/** How long an audit waits for transaction markers of commits just before it to land. */
const markerSettleMs = 5_000;
export interface AuditProgress {
  readonly phase: "read_committed" | "read_uncommitted" | "process-inputs" | "transactions";
  /** Records delivered so far in this phase. */
  readonly records: number;
  /** Offsets in the audited ranges: an upper bound on records (markers and aborted records take offsets too). */
  readonly offsets: number;
  /** The phase is over. */
  readonly done: boolean;
}

export interface AuditOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  /** A JSON-lines ledger file, or one already loaded. Without it, only data-side checks run. */
  readonly ledger?: string | LedgerIndex;
  readonly from?: Bound;
  readonly to?: Bound;
  /** Identity of records without an `onceport-message-id` header. Default "none": not checked. */
  readonly fallbackIdentity?: FallbackIdentity;
  /** Ids not in the ledger held per topic for duplicate detection. Default 2,000,000. */
  readonly idWindow?: number;
  /** Also read with read_uncommitted to find aborted records. Default: when there is a ledger. */
  readonly readUncommitted?: boolean;
  /** Check consume-transform-produce groups' committed offsets (groups found in message ids). Default true. */
  readonly checkProcessOffsets?: boolean;
  /** How long a transaction open when the audit began may keep the LSO back. Default 15,000 ms. */
  readonly lsoGraceMs?: number;
  /** Kafka's tools for find-hanging and describe-producers; without them only the LSO check runs. */
  readonly transactionsTool?: TransactionsTool;
  /** find-hanging's --max-transaction-timeout, in minutes. Default 15 (Kafka's maximum). */
  readonly findHangingMaxTimeoutMinutes?: number;
  /**
   * Fails the unknownOutcomes check (kind `too-many-unknown`) for a topic where more than this
   * share (0..1) of the ledger's writes ended with their outcome unknown. Default: no bound
   * (a test's ledger may hold little but the unknown outcomes it planted).
   */
  readonly maxUnknownShare?: number;
  /** Examples kept per check. Default 5. */
  readonly maxExamples?: number;
  /** A reader that does not move for this long fails the audit (AUDIT_INCOMPLETE). Default 60,000 ms. */
  readonly stallTimeoutMs?: number;
  readonly onProgress?: (progress: AuditProgress) => void;
  /** Ends the audit early (its caller went away): it stops reading and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** The Kafka client library to read with (default: defaultAdapters.reader of @onceport/kafka). */
  readonly adapter?: AdapterName;
  /** A client to use instead of a new one of `adapter` (one with TLS or SASL, say). */
  readonly client?: KafkaClient;
}

/** Runs one audit. Throws (OnceportError) when it cannot audit: unknown topic, bad ledger, stalled reader. */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const startedAt = Date.now();
  const share = options.maxUnknownShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) {
    throw new OnceportError("INVALID_ARGUMENT", `maxUnknownShare must be between 0 and 1, got ${share}`);
  }
  const client = await auditKafkaClient(options);
  const admin = await client.admin();
  try {
    const partitions = await topicPartitions(admin, options.topics);
    // Commits acknowledged just before the audit began are in its snapshot once their markers
    // land: milliseconds, so a few seconds at most; a transaction left open is the
    // transactions check's to judge, over the whole grace.
    const settleMs = Math.min(options.lsoGraceMs ?? 15_000, markerSettleMs);
    const planned = await planRanges(admin, partitions, options.from, options.to, settleMs);
    const hws = await highWatermarks(admin, partitionList(partitions));
    const ledger =
      typeof options.ledger === "string"
        ? await readLedger(options.ledger, { topics: options.topics })
        : options.ledger;
    // A ledger passed in may have judged an audit before: this one starts from nothing read.
    ledger?.forgetReads();
    const log = new AnomalyLog(options.maxExamples ?? 5);
    const idWindow = options.idWindow ?? 2_000_000;
    const checks = new RecordChecks({
      log,
      ...(ledger === undefined ? {} : { ledger }),
      fallbackIdentity: options.fallbackIdentity ?? "none",
      idWindow,
    });
    const readUncommitted = options.readUncommitted ?? ledger !== undefined;
    const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
    const totalOffsets = planned.reduce((sum, p) => sum + (p.end - p.start), 0);
    const perPartition = new Map<string, number>();

    const readStartedAt = Date.now();
    await readRanges({
      client,
      ranges: planned,
      isolation: "read_committed",
      stallTimeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onRecord: (record) => {
        const key = partitionKey(record.topic, record.partition);
        perPartition.set(key, (perPartition.get(key) ?? 0) + 1);
        checks.committed(record, readUncommitted);
      },
      onProgress: (records, done) =>
        options.onProgress?.({ phase: "read_committed", records, offsets: totalOffsets, done }),
    });
    const readMs = Date.now() - readStartedAt;
    if (readUncommitted) {
      await readRanges({
        client,
        ranges: planned,
        isolation: "read_uncommitted",
        stallTimeoutMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onRecord: (record) => checks.uncommitted(record),
        onProgress: (records, done) =>
          options.onProgress?.({ phase: "read_uncommitted", records, offsets: totalOffsets, done }),
      });
    }

    options.signal?.throwIfAborted();
    checks.process.checkOutputSets();
    const inputs = checks.process.inputPartitions();
    if (inputs.length === 0)
      log.skip("consumeTransformProduce", `no record carries the onceport-input header`);
    else if (options.checkProcessOffsets ?? true) {
      options.onProgress?.({ phase: "process-inputs", records: 0, offsets: 0, done: false });
      await checkProcessOffsets({ client, admin, log, inputs, stallTimeoutMs });
    }

    const ranges = new Map(planned.map((p) => [partitionKey(p.topic, p.partition), p]));
    const wholeTopics = planned.every((p) => p.start === p.low && p.end === p.stable);
    let ledgerSummary: LedgerSummary | null = null;
    if (ledger === undefined) {
      for (const name of ["lostWrites", "order", "unknownOutcomes"] as const)
        log.skip(name, "needs a ledger");
      log.note("abortedVisible", "without a ledger, no write is known to have failed");
    } else {
      ledgerSummary = checkLedger({
        ledger,
        log,
        order: checks.order,
        ranges,
        wholeTopics,
        topics: new Set(options.topics),
        ...(share === undefined ? {} : { maxUnknownShare: share }),
      });
      if (ledgerSummary.acknowledgedNotJudged > 0) {
        log.note(
          "lostWrites",
          `${ledgerSummary.acknowledgedNotJudged} acknowledged entries have no partition and offset and the audit covered a range only: not judged`,
        );
      }
    }

    options.onProgress?.({ phase: "transactions", records: 0, offsets: 0, done: false });
    await checkTransactions({
      admin,
      brokers: options.brokers,
      log,
      planned,
      highWatermarks: hws,
      auditStartedAt: startedAt,
      lsoGraceMs: options.lsoGraceMs ?? 15_000,
      ...(options.transactionsTool === undefined ? {} : { tool: options.transactionsTool }),
      findHangingMaxTimeoutMinutes: options.findHangingMaxTimeoutMinutes ?? 15,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });

    const notes: string[] = [];
    if (!wholeTopics) {
      notes.push(
        "a range was audited, not whole topics: lost and consume-transform-produce verdicts cover that range only",
      );
    }
    return buildReport({
      startedAt,
      readMs,
      brokers: options.brokers,
      planned,
      highWatermarks: hws,
      recordsPerPartition: perPartition,
      checks,
      results: log.snapshot(),
      ledger,
      ledgerSummary,
      readUncommitted,
      idWindow,
      notes,
    });
  } finally {
    await admin.close();
  }
}
