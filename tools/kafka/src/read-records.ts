// Reads everything in some topics from the earliest offset with a fresh consumer, for
// assertions on what a reader of a given isolation level sees.

import { setTimeout as sleep } from "node:timers/promises";
import type { IHeaders } from "kafkajs";
import { createKafka } from "./kafka-client.ts";
import { uniqueName } from "./unique-name.ts";

export interface ReadRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit; kafkajs gives them as strings. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: IHeaders;
}

export interface ReadOptions {
  /** Read at least this many records before the idle wait starts (then look for extras). */
  readonly expectedCount?: number;
  /** How long no new record must arrive before reading is considered complete. */
  readonly idleMs?: number;
  /** Give up after this long and return what was read (assertions then show what is missing). */
  readonly timeoutMs?: number;
}

export async function readRecords(
  brokers: readonly string[],
  topics: readonly string[],
  options: ReadOptions & { readonly readUncommitted: boolean },
): Promise<ReadRecord[]> {
  const idleMs = options.idleMs ?? (options.expectedCount === undefined ? 2000 : 1000);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const consumer = createKafka(brokers, "onceport-test-reader").consumer({
    // A new group each time: no committed offsets, so it starts from the earliest offset.
    groupId: uniqueName("onceport-test-reader"),
    readUncommitted: options.readUncommitted,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
  });
  const records: ReadRecord[] = [];
  let fetchedSinceJoin = false;
  let joined = false;
  let lastProgress = Date.now();
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    lastProgress = Date.now();
  });
  consumer.on(consumer.events.FETCH, () => {
    if (joined) fetchedSinceJoin = true;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString("utf8") ?? null,
          value: message.value?.toString("utf8") ?? null,
          headers: message.headers ?? {},
        });
        lastProgress = Date.now();
      },
    });
    for (;;) {
      const enough = options.expectedCount === undefined || records.length >= options.expectedCount;
      if (fetchedSinceJoin && enough && Date.now() - lastProgress >= idleMs) break;
      if (Date.now() >= deadline) break;
      await sleep(50);
    }
  } finally {
    await consumer.disconnect();
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
