import { setTimeout as sleep } from "node:timers/promises";
import type { ConsumedRecord } from "@onceport/api";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createKafka, readCommitted } from "@onceport/kafka-dev/testing";
import { Partitioners } from "kafkajs";
import type { OutputRecord } from "./process-worker.ts";

/** Writes `count` input records, value "<i>", to partition i % partitions: record i sits at offset floor(i / partitions). */
export async function seedInput(topic: string, partitions: number, count: number): Promise<void> {
  const producer = createKafka(LOCAL_BROKERS, "onceport-test-seed").producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let start = 0; start < count; start += 5_000) {
      const messages = [];
      for (let i = start; i < Math.min(count, start + 5_000); i++) {
        messages.push({ value: String(i), partition: i % partitions });
      }
      await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
}

/** How many outputs input value v has: 2 for multiples of 10, none for other multiples of 7, else 1. */
export function outputsOf(value: number): number {
  if (value % 10 === 0) return 2;
  if (value % 7 === 0) return 0;
  return 1;
}

/** The test's transform: "<v>:<k>" for each output k of input v. */
export function transformTo(outputTopic: string): (record: ConsumedRecord) => OutputRecord[] {
  return (record) => {
    const value = Number(Buffer.from(record.value).toString());
    return Array.from({ length: outputsOf(value) }, (_, k) => ({
      topic: outputTopic,
      value: Buffer.from(`${value}:${k}`),
    }));
  };
}

/** The group's committed offset and the end offset of every partition of a topic. */
export async function groupProgress(
  group: string,
  topic: string,
): Promise<{ committed: Map<number, bigint>; end: Map<number, bigint> }> {
  const admin = createKafka(LOCAL_BROKERS, "onceport-test-progress").admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return {
      committed: new Map((offsets?.partitions ?? []).map((entry) => [entry.partition, BigInt(entry.offset)])),
      end: new Map(ends.map((entry) => [entry.partition, BigInt(entry.high)])),
    };
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group's committed offsets reached the end of the input in every partition. */
export async function waitForGroupAtEnd(group: string, topic: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { committed, end } = await groupProgress(group, topic);
    if ([...end].every(([partition, offset]) => committed.get(partition) === offset)) return;
    if (Date.now() > deadline) {
      throw new Error(`group ${group} did not reach the end: committed ${[...committed]}, end ${[...end]}`);
    }
    await sleep(250);
  }
}

export interface OutputCheck {
  readonly count: number;
  readonly missing: string[];
  readonly unexpected: string[];
  readonly misplaced: string[];
  readonly writers: Set<string>;
}

/**
 * Reads the output topic (read_committed) and compares it with what `count`
 * inputs must produce, each exactly once: every "<v>:<k>" once, its
 * `onceport-input` the input's place, its message id the convention's.
 */
export async function checkOutputs(
  outputTopic: string,
  inputTopic: string,
  inputPartitions: number,
  group: string,
  count: number,
): Promise<OutputCheck> {
  const expected = new Map<string, { input: string; messageId: string }>();
  for (let value = 0; value < count; value++) {
    const input = `${inputTopic}/${value % inputPartitions}/${Math.floor(value / inputPartitions)}`;
    for (let k = 0; k < outputsOf(value); k++) {
      expected.set(`${value}:${k}`, { input, messageId: `${group}/${input}/${k}` });
    }
  }
  const read = await readCommitted(LOCAL_BROKERS, [outputTopic], {
    expectedCount: expected.size,
    idleMs: 1_500,
  });
  const header = (headers: Record<string, unknown>, name: string) => String(headers[name] ?? "");
  const seenValues = new Set<string>();
  const unexpected: string[] = [];
  const misplaced: string[] = [];
  const writers = new Set<string>();
  for (const record of read) {
    const value = record.value ?? "";
    const messageId = header(record.headers, "onceport-message-id");
    writers.add(header(record.headers, "onceport-client-id"));
    const want = expected.get(value);
    if (!want || seenValues.has(value)) {
      unexpected.push(value);
      continue;
    }
    seenValues.add(value);
    if (header(record.headers, "onceport-input") !== want.input || messageId !== want.messageId) {
      misplaced.push(value);
    }
  }
  const missing = [...expected.keys()].filter((value) => !seenValues.has(value));
  return { count: read.length, missing, unexpected, misplaced, writers };
}
