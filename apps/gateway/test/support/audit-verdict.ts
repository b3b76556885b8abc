// The gateway's integration tests take their exactly-once verdict from the audit (@onceport/audit)
// on the data itself: a test notes what it was told of each write, and the audit reads its topics
// back and judges duplicates, lost acknowledged writes, failed writes made visible, per-client
// order, consume-transform-produce output sets and offsets, and transactions left hanging.
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RecordResult, RecordSchema } from "@onceport/api";
import {
  type AuditOptions,
  type AuditReport,
  formatText,
  type LedgerEntry,
  LedgerIndex,
  runAudit,
} from "@onceport/audit";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { expect } from "vitest";

/** A write whose outcome was not an acknowledgement: where it was headed and its message id. */
export interface Write {
  readonly topic: string;
  readonly messageId: string;
  readonly partition?: number | undefined;
}

/**
 * What a test learnt of its writes, as the audit's ledger. Acknowledged records are numbered per
 * client and partition in the order they are added, so add them in the order the client wrote
 * them: the audit then checks that they were read in that order too.
 */
export class WriteLedger {
  private readonly entries: LedgerEntry[] = [];
  private readonly acknowledgedIds = new Set<string>();
  private readonly sequences = new Map<string, number>();

  /** Records the gateway acknowledged (a publish's or commit's results); a repeated id is kept once. */
  acknowledged(clientId: string, results: readonly RecordResult[]): this {
    for (const result of results) {
      if (this.acknowledgedIds.has(result.messageId)) continue;
      this.acknowledgedIds.add(result.messageId);
      const key = `${clientId}\u0000${result.topic}\u0000${result.partition}`;
      const sequence = this.sequences.get(key) ?? 0;
      this.sequences.set(key, sequence + 1);
      this.entries.push({
        messageId: result.messageId,
        clientId,
        topic: result.topic,
        outcome: "acknowledged",
        partition: result.partition,
        offset: String(result.offset),
        sequence,
      });
    }
    return this;
  }

  /** Writes definitely not made (refused, aborted, fenced): none may be visible. */
  failed(clientId: string, writes: readonly Write[]): this {
    for (const write of writes) this.entries.push(outcomeEntry(clientId, write, "failed"));
    return this;
  }

  /** Writes whose answer was lost (the gateway died): each may be visible at most once. */
  unknown(clientId: string, writes: readonly Write[]): this {
    for (const write of writes) this.entries.push(outcomeEntry(clientId, write, "unknown"));
    return this;
  }

  /**
   * A fresh index for one audit (the audit marks what it read in it, so one index serves one
   * audit); every write must be to an audited topic, so that none goes unjudged.
   */
  indexFor(topics: readonly string[]): LedgerIndex {
    const elsewhere = this.entries.filter((entry) => !topics.includes(entry.topic));
    if (elsewhere.length > 0) {
      throw new Error(`the ledger has writes to ${elsewhere[0]?.topic}, which the audit does not read`);
    }
    const index = new LedgerIndex();
    for (const entry of this.entries) index.add(entry);
    return index;
  }
}

/**
 * The writes of a publish that got no results (it failed, or its answer was lost): the message
 * ids the gateway gives its records, each record's own or `<idempotency key>/<index>`.
 */
export function publishWrites(
  idempotencyKey: string,
  records: readonly MessageInitShape<typeof RecordSchema>[],
): Write[] {
  return records.map((record, index) => ({
    topic: record.topic ?? "",
    messageId: record.messageId || `${idempotencyKey}/${index}`,
    partition: record.partition,
  }));
}

/** Audits whole topics on the local broker, against the ledger when there is one. */
export async function audit(
  topics: readonly string[],
  ledger?: WriteLedger,
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  return await runAudit({
    brokers: LOCAL_BROKERS,
    topics,
    ...(ledger === undefined ? {} : { ledger: ledger.indexFor(topics) }),
    ...options,
  });
}

/** Audits, and fails the test with the audit's own text report unless the verdict is PASS. */
export async function expectAuditPass(
  topics: readonly string[],
  ledger?: WriteLedger,
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  const report = await audit(topics, ledger, options);
  expect(report.verdict, `the audit of ${topics.join(", ")} did not pass:\n${formatText(report)}`).toBe(
    "PASS",
  );
  return report;
}

/**
 * The audit's verdict on Process outputs: no output twice, each input's outputs a whole set
 * (indexes 0..n-1), the group's committed offsets right after the last input with outputs; and
 * the consume-transform-produce check really ran (it skips topics without Process outputs).
 */
export async function expectProcessAuditPass(outputTopics: readonly string[]): Promise<AuditReport> {
  const report = await expectAuditPass(outputTopics);
  expect(report.checks.consumeTransformProduce.status).toBe("passed");
  return report;
}

function outcomeEntry(clientId: string, write: Write, outcome: "failed" | "unknown"): LedgerEntry {
  return {
    messageId: write.messageId,
    clientId,
    topic: write.topic,
    outcome,
    ...(write.partition === undefined ? {} : { partition: write.partition }),
  };
}
