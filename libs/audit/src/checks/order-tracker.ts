// Per-client order within a partition (Jepsen's nonmonotonic and skip): each client's
// sequence numbers, as the ledger gives them, must go up by one from record to record.
import type { LedgerIndex } from "../ledger/ledger-index.ts";
import type { AnomalyLog } from "../report/anomaly.ts";

interface Last {
  sequence: number;
  offset: number;
  max: number;
}

export class OrderTracker {
  /** `client \0 topic \0 partition` -> the previous record's sequence; one entry per client and partition. */
  private readonly last = new Map<string, Last>();
  private readonly ledger: LedgerIndex;
  private readonly log: AnomalyLog;

  constructor(ledger: LedgerIndex, log: AnomalyLog) {
    this.ledger = ledger;
    this.log = log;
  }

  see(
    clientId: string,
    topic: string,
    partition: number,
    sequence: number,
    offset: number,
    messageId: string,
  ): void {
    const key = `${clientId}\u0000${topic}\u0000${partition}`;
    const previous = this.last.get(key);
    if (previous === undefined) {
      this.last.set(key, { sequence, offset, max: sequence });
      return;
    }
    const base = {
      topic,
      partition,
      messageId,
      clientId,
      offsets: [String(previous.offset), String(offset)],
    };
    if (sequence <= previous.sequence) {
      this.log.add("order", {
        ...base,
        kind: "backwards",
        detail: `sequence ${sequence} read after ${previous.sequence}`,
      });
    } else if (sequence > previous.sequence + 1) {
      // A gap the ledger accounts for (an acknowledged record missing: reported as lost; a failed
      // or unknown one: allowed) is not an ordering anomaly; only numbers it never heard of are.
      // Looking up more than a million numbers would stall the audit: beyond that, count them.
      const looked = Math.min(sequence, previous.sequence + 1 + 1_000_000);
      let unaccounted = sequence - looked;
      for (let missing = previous.sequence + 1; missing < looked; missing += 1) {
        if (!this.ledger.knowsSequence(clientId, topic, partition, missing)) unaccounted += 1;
      }
      if (unaccounted > 0) {
        this.log.add("order", {
          ...base,
          kind: "skip",
          detail: `sequence jumps from ${previous.sequence} to ${sequence}; ${unaccounted} number(s) between are not in the ledger`,
        });
      }
    }
    previous.sequence = sequence;
    previous.offset = offset;
    previous.max = Math.max(previous.max, sequence);
  }

  /** The highest sequence read for the client in the partition, or -1. */
  maxSequence(clientId: string, topic: string, partition: number): number {
    return this.last.get(`${clientId}\u0000${topic}\u0000${partition}`)?.max ?? -1;
  }

  get tracked(): number {
    return this.last.size;
  }
}
