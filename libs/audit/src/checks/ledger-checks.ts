// The checks made once reading is over, from the ledger's side: every acknowledged write read
// (else lost, or unseen: Jepsen's distinction), and what became of unknown and failed writes.
import { type PartitionRange, partitionKey } from "../kafka/partition-range.ts";
import type { LedgerIndex } from "../ledger/ledger-index.ts";
import type { AnomalyLog } from "../report/anomaly.ts";
import type { LedgerSummary } from "../report/ledger-summary.ts";
import type { OrderTracker } from "./order-tracker.ts";
import { checkUnknownShare, type TopicOutcomes } from "./unknown-share.ts";

export interface LedgerCheckContext {
  readonly ledger: LedgerIndex;
  readonly log: AnomalyLog;
  readonly order: OrderTracker | undefined;
  /** The ranges read_committed read, by `topic/partition`. */
  readonly ranges: ReadonlyMap<string, PartitionRange>;
  /** Whether the audit covered each partition from its log start (else locationless entries are not judged). */
  readonly wholeTopics: boolean;
  /** The audited topics: entries for others (a ledger loaded beforehand may hold them) are passed over. */
  readonly topics: ReadonlySet<string>;
  /** Fails a topic whose writes ended unknown in a larger share than this (0..1); none: no bound. */
  readonly maxUnknownShare?: number;
}

export function checkLedger(context: LedgerCheckContext): LedgerSummary {
  const { ledger, log, ranges } = context;
  const summary: LedgerSummary = {
    entries: 0,
    acknowledged: 0,
    acknowledgedRead: 0,
    acknowledgedOutOfRange: 0,
    acknowledgedNotJudged: 0,
    failed: 0,
    failedFoundAborted: 0,
    unknown: 0,
    unknownReadOnce: 0,
    unknownNeverRead: 0,
  };
  const perTopic = new Map<string, TopicOutcomes>();
  for (const [messageId, slot] of ledger.entries()) {
    const topic = ledger.topicOf(slot);
    if (!context.topics.has(topic)) continue;
    summary.entries += 1;
    const outcome = ledger.outcomeOf(slot);
    const seen = ledger.seenCount(slot);
    let outcomes = perTopic.get(topic);
    if (outcomes === undefined) {
      outcomes = { entries: 0, unknown: 0 };
      perTopic.set(topic, outcomes);
    }
    outcomes.entries += 1;
    if (outcome === "unknown") outcomes.unknown += 1;
    if (outcome === "failed") {
      summary.failed += 1;
      if (ledger.wasAborted(slot)) summary.failedFoundAborted += 1;
      continue;
    }
    if (outcome === "unknown") {
      summary.unknown += 1;
      if (seen === 1) summary.unknownReadOnce += 1;
      if (seen === 0) summary.unknownNeverRead += 1;
      continue;
    }
    summary.acknowledged += 1;
    if (seen > 0) {
      summary.acknowledgedRead += 1;
      continue;
    }
    const clientId = ledger.clientOf(slot);
    const partition = ledger.partitionOf(slot);
    const offset = ledger.offsetOf(slot);
    const sequence = ledger.sequenceOf(slot);
    const aborted = ledger.wasAborted(slot) ? "; its record is in an aborted transaction" : "";
    const base = { topic, messageId, clientId, ...(partition >= 0 ? { partition } : {}) };
    if (partition >= 0 && !Number.isNaN(offset)) {
      const range = ranges.get(partitionKey(topic, partition));
      if (range !== undefined && offset < range.start) {
        summary.acknowledgedOutOfRange += 1;
        continue;
      }
      if (range === undefined || offset < range.end) {
        log.add("lostWrites", {
          ...base,
          kind: "lost",
          offsets: [String(offset)],
          detail: `acknowledged at offset ${offset}, which the read_committed reader passed without finding it${aborted}`,
        });
      } else {
        log.add("lostWrites", {
          ...base,
          kind: "unseen",
          offsets: [String(offset)],
          detail: `acknowledged at offset ${offset}, beyond what read_committed could read (LSO ${range.end})${aborted}`,
        });
      }
      continue;
    }
    if (!context.wholeTopics) {
      summary.acknowledgedNotJudged += 1;
      continue;
    }
    const later =
      partition >= 0 && !Number.isNaN(sequence)
        ? (context.order?.maxSequence(clientId, topic, partition) ?? -1)
        : -1;
    if (later > sequence) {
      log.add("lostWrites", {
        ...base,
        kind: "lost",
        detail: `acknowledged (sequence ${sequence}) but never read, though the client's sequence ${later} was${aborted}`,
      });
    } else {
      log.add("lostWrites", {
        ...base,
        kind: "unseen",
        detail: `acknowledged but never read, and nothing later of the client's was${aborted}`,
      });
    }
  }
  if (context.maxUnknownShare !== undefined) checkUnknownShare(perTopic, context.maxUnknownShare, log);
  return summary;
}
