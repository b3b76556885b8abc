// Reads everything in some topics from the earliest offset with a fresh reader, for
// assertions on what a reader of a given isolation level sees.
import { setTimeout as sleep } from "node:timers/promises";
import { type PartitionOffset, partitionKey, type RecordHeaders } from "@onceport/kafka";
import { devKafkaClient } from "./dev-client.ts";

export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: as a decimal string. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  /** Each header name's first value (a null-prototype object: any name is safe to look up). */
  readonly headers: Readonly<Record<string, Buffer | undefined>>;
  /** Every header in its order, repeated names included. */
  readonly headerList: RecordHeaders;
}

export interface ReadOptions {
  /** Read at least this many records before the idle wait starts (then look for extras). */
  readonly expectedCount?: number;
  /** How long no new record must arrive before reading is considered complete. */
  readonly idleMs?: number;
  /** Give up after this long and return what was read (assertions then show what is missing). */
  readonly timeoutMs?: number;
}

function firstValues(headers: RecordHeaders): Record<string, Buffer | undefined> {
  const object: Record<string, Buffer | undefined> = Object.create(null);
  for (const { key, value } of headers) if (!Object.hasOwn(object, key)) object[key] = value ?? undefined;
  return object;
}

export async function readRecords(
  brokers: readonly string[],
  topics: readonly string[],
  options: ReadOptions & { readonly readUncommitted: boolean },
): Promise<ReadRecord[]> {
  const idleMs = options.idleMs ?? (options.expectedCount === undefined ? 2000 : 1000);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const client = await devKafkaClient(brokers, "onceport-test-reader");
  const admin = await client.admin();
  const isolation = options.readUncommitted ? "read_uncommitted" : "read_committed";
  let starts: PartitionOffset[];
  let ends: Map<string, bigint>;
  try {
    const partitions = (await admin.describeTopics(topics)).flatMap((topic) =>
      topic.partitions.map((partition) => ({ topic: topic.topic, partition: partition.partition })),
    );
    starts = await admin.listOffsets(partitions, "earliest");
    // Where this isolation level's reader stands now: nothing counts as idle before it got there.
    const latest = await admin.listOffsets(partitions, "latest", isolation);
    ends = new Map(latest.map((end) => [partitionKey(end.topic, end.partition), end.offset]));
  } finally {
    await admin.close();
  }
  const positions = new Map(
    starts.map((start) => [partitionKey(start.topic, start.partition), start.offset]),
  );
  const reachedEnds = () => [...ends].every(([key, end]) => (positions.get(key) ?? 0n) >= end);
  const reader = await client.reader({ isolation });
  const records: ReadRecord[] = [];
  let lastProgress = Date.now();
  try {
    await reader.assign(starts);
    for (;;) {
      for (const batch of await reader.poll(100)) {
        positions.set(partitionKey(batch.topic, batch.partition), batch.nextOffset);
        for (const record of batch.records) {
          records.push({
            topic: record.topic,
            partition: record.partition,
            offset: record.offset.toString(),
            key: record.key?.toString("utf8") ?? null,
            value: record.value?.toString("utf8") ?? null,
            headers: firstValues(record.headers),
            headerList: record.headers,
          });
        }
        if (batch.records.length > 0) lastProgress = Date.now();
      }
      const enough = options.expectedCount === undefined || records.length >= options.expectedCount;
      if (enough && reachedEnds() && Date.now() - lastProgress >= idleMs) break;
      if (Date.now() >= deadline) break;
      await sleep(10);
    }
  } finally {
    await reader.close();
  }
  return records;
}

/** What a `read_committed` consumer sees: committed transactions and non-transactional records. */
export async function readCommitted(
  brokers: readonly string[],
  topics: readonly string[],
  options: ReadOptions = {},
): Promise<ReadRecord[]> {
  return await readRecords(brokers, topics, { ...options, readUncommitted: false });
}

/** What a `read_uncommitted` consumer sees: also open and aborted transactions' records. */
export async function readUncommitted(
  brokers: readonly string[],
  topics: readonly string[],
  options: ReadOptions = {},
): Promise<ReadRecord[]> {
  return await readRecords(brokers, topics, { ...options, readUncommitted: true });
}
