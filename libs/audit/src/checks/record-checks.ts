// The checks that look at each record as it is read: duplicates, failed writes made visible,
// unknown outcomes seen twice, per-client order and the outputs of consume-transform-produce;
// plus, from the read_uncommitted reader, which records only aborted transactions hold.

import { headerText } from "@onceport/kafka";
import { clientIdHeader } from "../conventions.ts";
import type { AuditRecord } from "../kafka/audit-record.ts";
import { partitionKey } from "../kafka/partition-range.ts";
import type { LedgerIndex } from "../ledger/ledger-index.ts";
import type { AnomalyLog } from "../report/anomaly.ts";
import { Bitset } from "../state/growable.ts";
import { IdWindow } from "../state/id-window.ts";
import { type FallbackIdentity, recordId } from "./identity.ts";
import { OrderTracker } from "./order-tracker.ts";
import { ProcessTracker } from "./process-tracker.ts";

export interface RecordChecksOptions {
  readonly log: AnomalyLog;
  readonly ledger?: LedgerIndex;
  readonly fallbackIdentity: FallbackIdentity;
  /** Ids (not in the ledger) held per topic for duplicate detection. */
  readonly idWindow: number;
}

export class RecordChecks {
  readonly log: AnomalyLog;
  readonly ledger: LedgerIndex | undefined;
  readonly order: OrderTracker | undefined;
  readonly process: ProcessTracker;
  private readonly fallbackIdentity: FallbackIdentity;
  private readonly idWindow: number;
  private readonly windows = new Map<string, IdWindow>();
  /** Offsets read_committed delivered, one bit each, to tell aborted records from committed ones. */
  private readonly delivered = new Map<string, Bitset>();
  committedRecords = 0;
  uncommittedRecords = 0;
  abortedRecords = 0;
  recordsWithoutId = 0;

  constructor(options: RecordChecksOptions) {
    this.log = options.log;
    this.ledger = options.ledger;
    this.fallbackIdentity = options.fallbackIdentity;
    this.idWindow = options.idWindow;
    this.order = options.ledger === undefined ? undefined : new OrderTracker(options.ledger, options.log);
    this.process = new ProcessTracker(options.log);
  }

  /** A record the read_committed reader delivered. */
  committed(record: AuditRecord, trackDelivered: boolean): void {
    this.committedRecords += 1;
    const { topic, partition, offset } = record;
    if (trackDelivered) this.deliveredSet(topic, partition, offset).add(offset);
    const messageId = recordId(record, this.fallbackIdentity);
    if (messageId === undefined) {
      this.recordsWithoutId += 1;
      return;
    }
    const clientHeader = headerText(record.headers, clientIdHeader);
    const slot = this.ledger?.slotOf(messageId);
    let duplicate = false;
    if (this.ledger !== undefined && slot !== undefined) {
      const ledger = this.ledger;
      const before = ledger.markSeen(slot, partition, offset);
      const outcome = ledger.outcomeOf(slot);
      const clientId = clientHeader ?? ledger.clientOf(slot);
      if (before > 0) {
        duplicate = true;
        const first = ledger.firstSeen(slot);
        const offsets = [String(first.offset), String(offset)];
        const where =
          first.partition === partition
            ? `partition ${partition}`
            : `partitions ${first.partition} and ${partition}`;
        if (outcome === "unknown") {
          this.log.add("unknownOutcomes", {
            kind: "unknown-twice",
            topic,
            partition,
            messageId,
            clientId,
            offsets,
            detail: `outcome unknown to its writer, yet read ${before + 1} times (${where}, offsets ${offsets.join(" and ")})`,
          });
        } else {
          this.log.add("duplicates", {
            kind: "duplicate",
            topic,
            partition,
            messageId,
            clientId,
            offsets,
            detail: `read ${before + 1} times (${where}, offsets ${offsets.join(" and ")})`,
          });
        }
      } else if (outcome === "failed") {
        this.log.add("abortedVisible", {
          kind: "failed-visible",
          topic,
          partition,
          messageId,
          clientId,
          offsets: [String(offset)],
          detail: "the ledger says this write definitely failed, yet a read_committed reader sees it",
        });
      }
      const sequence = ledger.sequenceOf(slot);
      if (!duplicate && this.order !== undefined && !Number.isNaN(sequence)) {
        this.order.see(ledger.clientOf(slot), topic, partition, sequence, offset, messageId);
      }
    } else {
      const first = this.window(topic).see(messageId, partition, offset);
      if (first !== undefined) {
        duplicate = true;
        const offsets = [String(first.offset), String(offset)];
        const where =
          first.partition === partition
            ? `partition ${partition}`
            : `partitions ${first.partition} and ${partition}`;
        this.log.add("duplicates", {
          kind: "duplicate",
          topic,
          partition,
          messageId,
          ...(clientHeader === undefined ? {} : { clientId: clientHeader }),
          offsets,
          detail: `read twice (${where}, offsets ${offsets.join(" and ")})`,
        });
      }
    }
    if (!duplicate) this.process.see(record, messageId);
  }

  /**
   * A record the read_uncommitted reader delivered, below the LSO snapshot: if read_committed did
   * not deliver that offset, an aborted transaction holds it.
   */
  uncommitted(record: AuditRecord): void {
    this.uncommittedRecords += 1;
    const delivered = this.delivered.get(partitionKey(record.topic, record.partition));
    if (delivered?.has(record.offset)) return;
    this.abortedRecords += 1;
    const messageId = recordId(record, this.fallbackIdentity);
    if (messageId === undefined || this.ledger === undefined) return;
    const slot = this.ledger.slotOf(messageId);
    if (slot !== undefined) this.ledger.markAborted(slot);
  }

  /** Continuous audits read round by round: the delivered offsets of earlier rounds are not needed. */
  forgetDelivered(): void {
    this.delivered.clear();
  }

  /** Ids held in duplicate windows, and how many were forgotten to stay within them. */
  windowStats(): { held: number; evicted: number; capacityPerTopic: number } {
    let held = 0;
    let evicted = 0;
    for (const window of this.windows.values()) {
      held += window.held;
      evicted += window.evicted;
    }
    return { held, evicted, capacityPerTopic: this.idWindow };
  }

  deliveredBitmapBytes(): number {
    let bytes = 0;
    for (const bitset of this.delivered.values()) bytes += bitset.bytes;
    return bytes;
  }

  private window(topic: string): IdWindow {
    let window = this.windows.get(topic);
    if (window === undefined) {
      window = new IdWindow(this.idWindow);
      this.windows.set(topic, window);
    }
    return window;
  }

  private deliveredSet(topic: string, partition: number, offset: number): Bitset {
    const key = partitionKey(topic, partition);
    let bitset = this.delivered.get(key);
    if (bitset === undefined) {
      bitset = new Bitset(offset);
      this.delivered.set(key, bitset);
    }
    return bitset;
  }
}
