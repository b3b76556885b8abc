// kafkajs 2.2.4 lets read_committed consumers see records of aborted transactions.
//
// A fetch answer lists the aborted transactions overlapping the records it returns, as
// (producer id, first offset), in the order of the partition's transaction index: the order
// in which the transactions *ended*. kafkajs's filter (src/consumer/filterAbortedMessages.js)
// assumes the list is sorted by first offset and starts at most one aborted transaction per
// record: when a transaction that began later was aborted earlier (two producers, the second
// one fenced first), or when several aborted transactions began before the fetched offset,
// the records of an aborted transaction are passed on as if committed. Kafka's Java consumer
// sorts by first offset and starts every transaction due (Fetcher's abortedTransactions queue).
//
// Found by the fault suite (tools/faults): after a broker was killed, the audit read a record
// that the broker's own transaction index lists as aborted. Every kafkajs read_committed
// reader is affected: the audit, the gateway's receipts catch-up (an aborted receipt taken as
// committed would answer a retry "duplicate" for a write that never happened), Process and
// Subscribe. The fix rewrites each fetch answer's list so that kafkajs's own filter drops
// exactly the records Kafka's rule drops: one entry per aborted transaction, at the offset of
// its first record in the answer, in offset order.
import { createRequire } from "node:module";

export interface AbortedTransaction {
  readonly producerId: string;
  readonly firstOffset: string;
}

/** What kafkajs decodes of a fetched record (control records included). */
export interface FetchedRecord {
  readonly offset: string;
  readonly key?: Buffer | null;
  readonly isControlRecord?: boolean;
  readonly batchContext?: { readonly producerId: string; readonly inTransaction: boolean };
}

/** A control record's key: version 0, then type 0 (ABORT) or 1 (COMMIT). */
const ABORT_KEY = Buffer.from([0, 0, 0, 0]);

function isAbortMarker(record: FetchedRecord): boolean {
  return record.isControlRecord === true && record.key != null && Buffer.from(record.key).equals(ABORT_KEY);
}

/**
 * The aborted transactions as kafkajs's filter needs them to drop exactly the records of
 * aborted transactions among `records` (those at `fetchOffset` or later, in offset order).
 */
export function alignAbortedTransactions(
  records: readonly FetchedRecord[],
  aborted: readonly AbortedTransaction[],
  fetchOffset: bigint,
): AbortedTransaction[] {
  if (aborted.length === 0) return [];
  const pending = [...aborted].sort((a, b) => compare(BigInt(a.firstOffset), BigInt(b.firstOffset)));
  const abortedProducers = new Set<string>();
  const listed = new Set<string>();
  const aligned: AbortedTransaction[] = [];
  for (const record of records) {
    const offset = BigInt(record.offset);
    if (offset < fetchOffset) continue;
    while (pending.length > 0 && BigInt(pending[0]?.firstOffset ?? 0) <= offset) {
      const next = pending.shift();
      if (next) abortedProducers.add(next.producerId);
    }
    const producerId = record.batchContext?.producerId;
    if (producerId === undefined) continue;
    if (record.isControlRecord) {
      if (isAbortMarker(record)) {
        abortedProducers.delete(producerId);
        listed.delete(producerId);
      }
      continue;
    }
    if (record.batchContext?.inTransaction && abortedProducers.has(producerId) && !listed.has(producerId)) {
      aligned.push({ producerId, firstOffset: record.offset });
      listed.add(producerId);
    }
  }
  return aligned;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface FetchRequest {
  readonly topics: readonly {
    readonly topic: string;
    readonly partitions: readonly { readonly partition: number; readonly fetchOffset: string }[];
  }[];
}

interface FetchResponse {
  readonly responses?: readonly {
    readonly topicName: string;
    readonly partitions: {
      readonly partition: number;
      abortedTransactions?: AbortedTransaction[];
      readonly messages?: readonly FetchedRecord[];
    }[];
  }[];
}

type Fetch = (this: unknown, request: FetchRequest) => Promise<FetchResponse>;

let fixed = false;

/**
 * Makes every kafkajs read_committed consumer of this process drop exactly the records of
 * aborted transactions (see above). Patches kafkajs's Broker once; safe to call many times.
 */
export function fixKafkajsReadCommitted(): void {
  if (fixed) return;
  const require = createRequire(import.meta.url);
  const Broker = require("kafkajs/src/broker/index.js") as { prototype: { fetch: Fetch } };
  const fetch = Broker.prototype.fetch;
  Broker.prototype.fetch = async function fetchAligned(this: unknown, request: FetchRequest) {
    const response = await fetch.call(this, request);
    for (const topic of response.responses ?? []) {
      const requested = request.topics.find((entry) => entry.topic === topic.topicName);
      for (const partition of topic.partitions) {
        const aborted = partition.abortedTransactions;
        if (!aborted || aborted.length === 0) continue;
        const fetchOffset = requested?.partitions.find(
          (entry) => entry.partition === partition.partition,
        )?.fetchOffset;
        partition.abortedTransactions = alignAbortedTransactions(
          partition.messages ?? [],
          aborted,
          BigInt(fetchOffset ?? "0"),
        );
      }
    }
    return response;
  };
  fixed = true;
}
