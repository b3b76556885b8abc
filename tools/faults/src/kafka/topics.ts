// Topics of one scenario: unique names, created before and deleted after (the shared broker
// outlives the run), and the wait for everything acknowledged to be readable. The receipts
// topic is left to the gateways, which create it as they do in production.
import { setTimeout as sleep } from "node:timers/promises";
import type { LedgerEntry } from "@onceport/audit";
import { createTopics, deleteTopics, withAdmin } from "@onceport/kafka-dev/testing";

export { createTopics, deleteTopics };

/** The highest acknowledged offset per partition of `topic`, from ledger entries. */
export function highestAcknowledged(entries: readonly LedgerEntry[], topic: string): Map<number, bigint> {
  const highest = new Map<number, bigint>();
  for (const entry of entries) {
    if (entry.topic !== topic || entry.outcome !== "acknowledged") continue;
    if (entry.partition === undefined || entry.offset === undefined) continue;
    const offset = BigInt(entry.offset);
    if (offset > (highest.get(entry.partition) ?? -1n)) highest.set(entry.partition, offset);
  }
  return highest;
}

/**
 * Waits until a read_committed reader can read every acknowledged record: each partition's
 * last stable offset is past its highest acknowledged offset. A transaction left open by a
 * dead gateway holds the LSO back until someone fences it or Kafka times it out. Returns
 * how long it took, or undefined if it did not happen within `timeoutMs` (the audit then
 * reports the records as unseen).
 */
export async function waitUntilReadable(
  brokers: readonly string[],
  topic: string,
  highest: ReadonlyMap<number, bigint>,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = Date.now();
  return await withAdmin(
    brokers,
    async (admin) => {
      const [described] = await admin.describeTopics([topic]);
      const partitions = (described?.partitions ?? []).map(({ partition }) => ({ topic, partition }));
      for (;;) {
        // The end a read_committed reader sees: the last stable offset.
        const ends = await admin.listOffsets(partitions, "latest", "read_committed");
        const behind = ends.filter((end) => end.offset <= (highest.get(end.partition) ?? -1n));
        if (behind.length === 0) return Date.now() - started;
        if (Date.now() - started > timeoutMs) return undefined;
        await sleep(250);
      }
    },
    "onceport-faults-lso",
  );
}
