import { setTimeout as sleep } from "node:timers/promises";
import type { ConsumedRecord } from "@onceport/api";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { readCommitted, withAdmin, writeCommitted } from "@onceport/kafka-dev/testing";
import type { OutputRecord } from "./process-worker.ts";

/**
 * Writes `count` input records, value "<i>", to partition i % partitions, in one committed
 * transaction: record i sits at offset floor(i / partitions), and each partition's commit
 * marker right after its records.
 */
export async function seedInput(topic: string, partitions: number, count: number): Promise<void> {
  await writeCommitted(
    LOCAL_BROKERS,
    Array.from({ length: count }, (_, i) => ({ topic, partition: i % partitions, value: String(i) })),
    "onceport-test-seed",
  );
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

/**
 * The group's committed offset and the end offset of every partition of a topic: where a
 * read_committed reader that read everything stands (the last stable offset, past the last
 * commit marker: Process commits past a marker it read with the records).
 */
export async function groupProgress(
  group: string,
  topic: string,
): Promise<{ committed: Map<number, bigint>; end: Map<number, bigint> }> {
  return await withAdmin(
    LOCAL_BROKERS,
    async (admin) => {
      const [described] = await admin.describeTopics([topic]);
      const partitions = (described?.partitions ?? []).map(({ partition }) => ({ topic, partition }));
      const offsets = await admin.listGroupOffsets(group, partitions);
      const ends = await admin.listOffsets(partitions, "latest", "read_committed");
      return {
        committed: new Map(offsets.map((entry) => [entry.partition, entry.offset])),
        end: new Map(ends.map((entry) => [entry.partition, entry.offset])),
      };
    },
    "onceport-test-progress",
  );
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
