import { create } from "@bufbuild/protobuf";
import { type RecordResult, RecordResultSchema } from "@onceport/api";
import type { OutgoingRecord } from "@onceport/kafka";
import type { PartitionRecords, ProducerTransaction, SentBatch } from "../kafka/client-producer.ts";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import { traceProducedRecords } from "../telemetry/producer-spans.ts";

/**
 * Sends planned records in the open transaction and tells where each landed.
 * Each batch holds records of one partition, in order, so the n-th record of a
 * batch sits at its base offset + n. While tracing, each record gets a producer
 * span and its `traceparent` header.
 */
export async function sendPlanned(
  transaction: ProducerTransaction,
  records: readonly PlannedRecord[],
): Promise<RecordResult[]> {
  const traced = traceProducedRecords(records);
  // One batch per partition, its records in their order, partitions in order of first appearance.
  const byPartition = new Map<string, { topic: string; partition: number; records: OutgoingRecord[] }>();
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    let batch = byPartition.get(key);
    if (!batch) {
      batch = { topic: record.topic, partition: record.partition, records: [] };
      byPartition.set(key, batch);
    }
    batch.records.push({
      key: record.key,
      value: record.value,
      headers: traced ? traced.headers(record) : record.headers,
    });
  }
  const batches: PartitionRecords[] = [...byPartition.values()];
  const sending = transaction.send(batches);
  const sent = await (traced ? traced.watch(sending) : sending);
  const offsets = new PartitionOffsets(sent);
  const results = records.map((record) =>
    create(RecordResultSchema, {
      topic: record.topic,
      partition: record.partition,
      offset: offsets.next(record.topic, record.partition),
      messageId: record.messageId,
    }),
  );
  traced?.end(results);
  return results;
}

/**
 * The offsets the records of each partition got, in the order they were sent: a
 * partition's records may have gone in several batches (bounded by bytes), and other
 * producers' records may sit between those batches.
 */
class PartitionOffsets {
  private readonly batches = new Map<string, { baseOffset: bigint; count: number }[]>();

  constructor(sent: readonly SentBatch[]) {
    for (const batch of sent) {
      const key = partitionKey(batch.topic, batch.partition);
      const list = this.batches.get(key) ?? [];
      list.push({ baseOffset: batch.baseOffset, count: batch.count });
      this.batches.set(key, list);
    }
  }

  /** The offset of the partition's next record. */
  next(topic: string, partition: number): bigint {
    const key = partitionKey(topic, partition);
    const batch = this.batches.get(key)?.[0];
    if (!batch) throw new Error(`Kafka's answer names no offset for ${key}`);
    const offset = batch.baseOffset;
    if (batch.count > 1) {
      batch.baseOffset++;
      batch.count--;
    } else {
      this.batches.get(key)?.shift();
    }
    return offset;
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
