// What every contract test needs: a client of the adapter under test, unique names, and a
// reader that reads partitions to their end, so a verdict comes from what Kafka holds.
import { randomBytes } from "node:crypto";
import {
  type AdapterName,
  type ConsumedRecord,
  createKafkaClient,
  type IsolationLevel,
  type KafkaClient,
  type OutgoingRecord,
  type TransactionalProducer,
} from "../../src/index.ts";

/**
 * The local broker that vitest's global set-up starts (tools/kafka). Named here, not imported
 * from @onceport/kafka-dev, which itself depends on this package.
 */
const LOCAL_BROKERS = ["127.0.0.1:19092"];

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

export async function contractClient(adapter: AdapterName): Promise<KafkaClient> {
  return createKafkaClient(adapter, { brokers: LOCAL_BROKERS, clientId: `contract-${adapter}` });
}

export function textRecord(value: string, key: string | null = null): OutgoingRecord {
  return { key: key === null ? null : Buffer.from(key), value: Buffer.from(value), headers: [] };
}

export async function createTopic(client: KafkaClient, prefix: string, numPartitions = 1): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = await client.admin();
  try {
    await admin.createTopics([{ topic, numPartitions }]);
  } finally {
    await admin.close();
  }
  return topic;
}

/** Producers a test made, closed after it whatever happened (a zombie included). */
export class ProducerPool {
  private readonly producers: TransactionalProducer[] = [];
  private readonly client: KafkaClient;

  constructor(client: KafkaClient) {
    this.client = client;
  }

  async producer(transactionalId: string, transactionTimeoutMs = 30_000): Promise<TransactionalProducer> {
    const producer = await this.client.transactionalProducer({ transactionalId, transactionTimeoutMs });
    this.producers.push(producer);
    return producer;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.producers.splice(0).map((producer) => producer.close()));
  }
}

export interface ReadResult {
  readonly records: ConsumedRecord[];
  /** Where reading each partition ended (its nextOffset), by partition. */
  readonly ends: Map<number, bigint>;
}

/**
 * Reads every partition of `topic` from offset 0 until the reader's position reaches the
 * high watermark (read_uncommitted end), so records hidden by read_committed still count as
 * read past. Fails when the position stops short of it (an LSO held by an open transaction).
 */
export async function readToEnd(
  client: KafkaClient,
  topic: string,
  isolation: IsolationLevel,
  options: { partitions?: number; maxBytesPerPartition?: number; timeoutMs?: number } = {},
): Promise<ReadResult> {
  const partitions = Array.from({ length: options.partitions ?? 1 }, (_, partition) => partition);
  const admin = await client.admin();
  let highWatermarks: Map<number, bigint>;
  try {
    const ends = await admin.listOffsets(
      partitions.map((partition) => ({ topic, partition })),
      "latest",
      "read_uncommitted",
    );
    highWatermarks = new Map(ends.map((end) => [end.partition, end.offset]));
  } finally {
    await admin.close();
  }
  const reader = await client.reader({
    isolation,
    ...(options.maxBytesPerPartition === undefined
      ? {}
      : { maxBytesPerPartition: options.maxBytesPerPartition }),
  });
  const records: ConsumedRecord[] = [];
  const positions = new Map(partitions.map((partition) => [partition, 0n]));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    await reader.assign(partitions.map((partition) => ({ topic, partition, offset: 0n })));
    const done = () => partitions.every((p) => (positions.get(p) ?? 0n) >= (highWatermarks.get(p) ?? 0n));
    while (!done()) {
      if (Date.now() > deadline) {
        const where = partitions
          .map((p) => `${p}: ${positions.get(p)} of ${highWatermarks.get(p)}`)
          .join(", ");
        throw new Error(`reading ${topic} ${isolation} stopped short of the high watermark (${where})`);
      }
      for (const batch of await reader.poll(500)) {
        records.push(...batch.records);
        positions.set(batch.partition, batch.nextOffset);
      }
    }
  } finally {
    await reader.close();
  }
  return { records, ends: positions };
}

export function values(records: readonly ConsumedRecord[]): string[] {
  return records.map((record) => record.value?.toString("utf8") ?? "<null>");
}
