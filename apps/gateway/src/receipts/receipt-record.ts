import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Receipt, type ReceiptEntry, ReceiptSchema } from "@onceport/api";
import type { OutgoingRecord } from "@onceport/kafka";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";

/** The Kafka record of a receipt, keyed by client id. */
export function receiptRecord(
  clientId: string,
  content: { entries: ReceiptEntry[] } | { sessionMarker: string },
): OutgoingRecord {
  const receipt = create(ReceiptSchema, { clientId, committedAtMs: BigInt(Date.now()), ...content });
  const bytes = toBinary(ReceiptSchema, receipt);
  const value = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { key: Buffer.from(clientId), value, headers: [] };
}

/**
 * The receipts partition of a client: murmur2 of its id, as Kafka's default partitioner
 * places keyed records, so all of a client's receipts share one partition and are read in
 * the order they committed.
 */
export async function receiptsPartition(
  catalog: TopicCatalog,
  topic: string,
  clientId: string,
): Promise<number> {
  const partitions = catalog.cachedPartitions(topic) ?? (await catalog.partitions(topic));
  return catalog.choosePartition(topic, partitions, undefined, Buffer.from(clientId));
}

/** The receipt in a record's value, or undefined when it holds none (not ours). */
export function parseReceipt(value: Buffer | null): Receipt | undefined {
  if (value === null) return undefined;
  try {
    return fromBinary(ReceiptSchema, value);
  } catch {
    return undefined;
  }
}
