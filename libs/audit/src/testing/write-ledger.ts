// What a test learnt of its writes, as the audit's ledger, built in memory from the answers its
// client got (the gateway's raw API or the SDK: only the fields the audit needs are asked for).
import type { LedgerEntry } from "../ledger/ledger-entry.ts";
import { LedgerIndex } from "../ledger/ledger-index.ts";

/** Where an acknowledged record landed: a publish's or commit's result, raw (bigint offset) or the SDK's. */
export interface AcknowledgedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint | string | number;
  readonly messageId: string;
}

/** A write whose outcome was not an acknowledgement: where it was headed and its message id. */
export interface Write {
  readonly topic: string;
  readonly messageId: string;
  readonly partition?: number | undefined;
}

/** A record as a publish request carries it (the API's init shape or the SDK's PublishRecord). */
export interface PublishedRecord {
  readonly topic?: string | undefined;
  readonly messageId?: string | undefined;
  readonly partition?: number | undefined;
}

/**
 * Acknowledged records are numbered per client and partition in the order they are added, so add
 * them in the order the client wrote them: the audit then checks that they were read in that
 * order too.
 */
export class WriteLedger {
  private readonly entries: LedgerEntry[] = [];
  private readonly acknowledgedIds = new Set<string>();
  private readonly sequences = new Map<string, number>();

  /** Records the gateway acknowledged; a repeated id (a duplicate's answer) is kept once. */
  acknowledged(clientId: string, results: readonly AcknowledgedRecord[]): this {
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
   * A fresh index for one audit; every write must be to an audited topic, so that none goes
   * unjudged (the audit passes over entries of other topics without a word).
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
export function publishWrites(idempotencyKey: string, records: readonly PublishedRecord[]): Write[] {
  return records.map((record, index) => ({
    topic: record.topic ?? "",
    // || and not ??: an API record without an id of its own carries "".
    messageId: record.messageId || `${idempotencyKey}/${index}`,
    partition: record.partition,
  }));
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
