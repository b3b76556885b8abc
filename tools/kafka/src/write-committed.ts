// Test data written straight to Kafka, through the seam: its producers are all transactional,
// so the records go in one transaction, committed. Each partition's records take consecutive
// offsets from where it stood, and the transaction's commit marker takes the next one.
import type { OutgoingRecord, PartitionRecords, SentBatch } from "@onceport/kafka";
import { devKafkaClient } from "./dev-client.ts";
import { uniqueTransactionalId } from "./transactional-producer.ts";

export interface TestHeader {
  readonly key: string;
  readonly value: string | Buffer | null;
}

export interface TestRecord {
  readonly topic: string;
  /** Partition 0 unless told. */
  readonly partition?: number;
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  /** In their order; a name may repeat. */
  readonly headers?: readonly TestHeader[];
}

function bytes(data: string | Buffer | null | undefined): Buffer | null {
  if (data === undefined || data === null) return null;
  return typeof data === "string" ? Buffer.from(data) : data;
}

/** The records grouped by partition, each partition's in the order given. */
function byPartition(records: readonly TestRecord[]): PartitionRecords[] {
  const groups = new Map<string, { topic: string; partition: number; records: OutgoingRecord[] }>();
  for (const record of records) {
    const partition = record.partition ?? 0;
    const id = `${record.topic}/${partition}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { topic: record.topic, partition, records: [] };
      groups.set(id, group);
    }
    group.records.push({
      key: bytes(record.key),
      value: bytes(record.value),
      headers: (record.headers ?? []).map((header) => ({ key: header.key, value: bytes(header.value) })),
    });
  }
  return [...groups.values()];
}

/** Writes the records in one transaction and commits it; where they landed. */
export async function writeCommitted(
  brokers: readonly string[],
  records: readonly TestRecord[],
  clientId = "onceport-test-writer",
): Promise<SentBatch[]> {
  const client = await devKafkaClient(brokers, clientId, "producer");
  const producer = await client.transactionalProducer({
    transactionalId: uniqueTransactionalId("test-writer"),
    transactionTimeoutMs: 60_000,
  });
  try {
    const transaction = await producer.begin();
    let sent: SentBatch[];
    try {
      sent = await transaction.send(byPartition(records));
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    // Never aborted after a failed commit (KAFKA-17754): closing the producer leaves it to Kafka.
    await transaction.commit();
    return sent;
  } finally {
    await producer.close().catch(() => undefined);
  }
}
