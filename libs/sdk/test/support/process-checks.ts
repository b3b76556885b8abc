// Seeding payments and judging a Process run's outputs by what the transform owed each input
// (the audit, @onceport/audit/testing, judges duplicates, output sets and group offsets).
import { setTimeout as sleep } from "node:timers/promises";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { readCommitted, withAdmin } from "@onceport/kafka-dev/testing";
import type { OnceportClient } from "../../src/index.ts";
import { convert, payment } from "./currency.ts";

/** Where an input payment landed. */
export interface Input {
  readonly index: number;
  readonly partition: number;
  readonly offset: string;
}

/** Publishes `count` payments (keys order-<i>) in publishes of 500; where each landed. */
export async function seedPayments(client: OnceportClient, topic: string, count: number): Promise<Input[]> {
  const inputs: Input[] = [];
  for (let start = 0; start < count; start += 500) {
    const indexes = Array.from({ length: Math.min(500, count - start) }, (_, i) => start + i);
    const { results } = await client.publish(
      indexes.map((i) => ({ topic, key: `order-${i}`, value: JSON.stringify(payment(i)) })),
    );
    results.forEach((result, i) => {
      inputs.push({ index: start + i, partition: result.partition, offset: result.offset });
    });
  }
  return inputs;
}

/** Waits until the group's committed offset is the end of every partition of the topic. */
export async function waitForGroupAtEnd(group: string, topic: string, timeoutMs = 60_000): Promise<void> {
  await withAdmin(
    LOCAL_BROKERS,
    async (admin) => {
      const [described] = await admin.describeTopics([topic]);
      const partitions = (described?.partitions ?? []).map(({ partition }) => ({ topic, partition }));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const offsets = await admin.listGroupOffsets(group, partitions);
        // The end a read_committed reader sees: the last stable offset.
        const ends = await admin.listOffsets(partitions, "latest", "read_committed");
        const committed = new Map(offsets.map((entry) => [entry.partition, entry.offset]));
        if (ends.every((end) => committed.get(end.partition) === end.offset)) return;
        if (Date.now() > deadline) {
          throw new Error(
            `group ${group} is not at the end: committed ${[...committed]}, end ${ends.map((end) => end.offset)}`,
          );
        }
        await sleep(250);
      }
    },
    "sdk-test-progress",
  );
}

export interface OutputCheck {
  readonly expected: number;
  readonly read: number;
  readonly missing: string[];
  readonly unexpected: string[];
  /** Outputs whose onceport-input header or message id is not the input's. */
  readonly misplaced: string[];
  readonly writers: Set<string>;
}

/**
 * Reads the output topic (read_committed) and compares it with the outputs each input owed: every
 * conversion once, its `onceport-input` the input's place, its message id the convention's.
 */
export async function checkOutputs(
  inputs: readonly Input[],
  inputTopic: string,
  outputTopic: string,
  group: string,
): Promise<OutputCheck> {
  const expected = new Map<string, { input: string; messageId: string }>();
  for (const { index, partition, offset } of inputs) {
    const input = `${inputTopic}/${partition}/${offset}`;
    convert(payment(index), outputTopic).forEach((output, k) => {
      expected.set(String(output.value), { input, messageId: `${group}/${input}/${k}` });
    });
  }
  const read = await readCommitted(LOCAL_BROKERS, [outputTopic], {
    expectedCount: expected.size,
    idleMs: 1_500,
  });
  const header = (headers: Record<string, unknown>, name: string) => String(headers[name] ?? "");
  const values = new Set<string>();
  const check: OutputCheck = {
    expected: expected.size,
    read: read.length,
    missing: [],
    unexpected: [],
    misplaced: [],
    writers: new Set(),
  };
  for (const record of read) {
    const value = record.value ?? "";
    const messageId = header(record.headers, "onceport-message-id");
    check.writers.add(header(record.headers, "onceport-client-id"));
    const want = expected.get(value);
    if (!want || values.has(value)) {
      check.unexpected.push(value);
      continue;
    }
    values.add(value);
    if (header(record.headers, "onceport-input") !== want.input || messageId !== want.messageId) {
      check.misplaced.push(`${value}: ${header(record.headers, "onceport-input")} ${messageId}`);
    }
  }
  check.missing.push(...[...expected.keys()].filter((value) => !values.has(value)));
  return check;
}
