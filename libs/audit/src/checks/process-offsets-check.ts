// Consume-transform-produce, the committed side: the group's committed offset of each input
// partition must be 1 + the highest input offset that has outputs. Lower: outputs exist for
// inputs not yet marked consumed (a restart would process them again: duplicates). Higher: inputs
// were marked consumed without their outputs (lost), which is only an anomaly if that input
// records really lie in between and the transform gives every input an output; the audit sees the
// latter from the data (every input record from the first with outputs up to the highest has
// some), and reports nothing when the transform evidently filters. Limits (README): outputs and
// offsets are read at slightly different moments, so audit a quiet pipeline; and it needs the
// whole output topics, not a range.
import type { KafkaAdmin, KafkaClient } from "@onceport/kafka";
import { stableOffsets } from "../kafka/offsets.ts";
import { type PartitionRange, partitionKey } from "../kafka/partition-range.ts";
import { readRanges } from "../kafka/read-ranges.ts";
import type { AnomalyLog } from "../report/anomaly.ts";
import type { InputPartitionOutputs } from "./process-tracker.ts";

export interface ProcessOffsetsOptions {
  readonly client: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly log: AnomalyLog;
  readonly inputs: readonly InputPartitionOutputs[];
  readonly stallTimeoutMs: number;
}

export async function checkProcessOffsets(options: ProcessOffsetsOptions): Promise<void> {
  const { admin, log } = options;
  const existing = new Set(await admin.listTopics());
  // Each group's committed offsets, asked once per group and topic for all its input partitions.
  const committedCache = new Map<string, Map<number, number>>();
  const committedOf = async (group: string, topic: string): Promise<Map<number, number>> => {
    const key = `${group}\u0000${topic}`;
    let result = committedCache.get(key);
    if (result === undefined) {
      const partitions = options.inputs
        .filter((entry) => entry.group === group && entry.topic === topic)
        .map((entry) => ({ topic, partition: entry.partition }));
      const answer = await admin.listGroupOffsets(group, partitions);
      result = new Map(answer.map((offset) => [offset.partition, Number(offset.offset)]));
      committedCache.set(key, result);
    }
    return result;
  };
  const toRead: {
    entry: InputPartitionOutputs;
    committed: number;
    range: PartitionRange;
    highest: number;
  }[] = [];
  for (const entry of options.inputs) {
    if (!existing.has(entry.topic)) {
      log.note(
        "consumeTransformProduce",
        `input topic ${entry.topic} not found: committed offsets not checked`,
      );
      continue;
    }
    const offsets = [...entry.outputs.keys()];
    const highest = Math.max(...offsets);
    const lowest = Math.min(...offsets);
    const committed = (await committedOf(entry.group, entry.topic)).get(entry.partition) ?? -1;
    const where = { topic: entry.topic, partition: entry.partition };
    if (committed < 0) {
      log.add("consumeTransformProduce", {
        ...where,
        kind: "outputs-without-offsets",
        offsets: [String(highest)],
        detail: `group ${entry.group} has outputs for input offsets up to ${highest} but no committed offset`,
      });
    } else if (committed < highest + 1) {
      log.add("consumeTransformProduce", {
        ...where,
        kind: "offsets-behind-outputs",
        offsets: [String(committed), String(highest)],
        detail: `group ${entry.group} committed offset ${committed}, yet input offset ${highest} has outputs: they would be produced again`,
      });
    } else if (committed > highest + 1) {
      const stable =
        (await stableOffsets(admin, [where])).get(partitionKey(entry.topic, entry.partition)) ?? 0;
      toRead.push({
        entry,
        committed,
        highest,
        range: {
          topic: entry.topic,
          partition: entry.partition,
          start: lowest,
          end: Math.min(committed, stable),
        },
      });
    }
  }
  if (toRead.length === 0) return;
  // Read the inputs (read_committed, as the worker did) to see which of them lack outputs.
  const withoutOutputBelow = new Map<string, number>();
  const withoutOutputAbove = new Map<string, number[]>();
  const keyOf = (group: string, topic: string, partition: number) => `${group}\u0000${topic}/${partition}`;
  const byInput = new Map<string, (typeof toRead)[number][]>();
  for (const item of toRead) {
    const key = `${item.entry.topic}/${item.entry.partition}`;
    byInput.set(key, [...(byInput.get(key) ?? []), item]);
  }
  await readRanges({
    client: options.client,
    isolation: "read_committed",
    stallTimeoutMs: options.stallTimeoutMs,
    ranges: toRead.map((item) => item.range),
    onRecord: (record) => {
      for (const item of byInput.get(`${record.topic}/${record.partition}`) ?? []) {
        if (item.entry.outputs.has(record.offset)) continue;
        const key = keyOf(item.entry.group, record.topic, record.partition);
        if (record.offset < item.highest) withoutOutputBelow.set(key, (withoutOutputBelow.get(key) ?? 0) + 1);
        else withoutOutputAbove.set(key, [...(withoutOutputAbove.get(key) ?? []).slice(0, 9), record.offset]);
      }
    },
  });
  for (const { entry, committed, highest } of toRead) {
    const key = keyOf(entry.group, entry.topic, entry.partition);
    const above = withoutOutputAbove.get(key) ?? [];
    if (above.length === 0) continue;
    const filtered = withoutOutputBelow.get(key) ?? 0;
    if (filtered > 0) {
      log.note(
        "consumeTransformProduce",
        `group ${entry.group} on ${entry.topic}/${entry.partition}: ${filtered} input(s) below ${highest} have no output (a filtering transform?), so offsets past the outputs are not judged`,
      );
      continue;
    }
    log.add("consumeTransformProduce", {
      topic: entry.topic,
      partition: entry.partition,
      kind: "offsets-past-outputs",
      offsets: [String(highest), String(committed)],
      detail: `group ${entry.group} committed offset ${committed}, but input record(s) at ${above.join(", ")} after the last with outputs (${highest}) have none: marked consumed without outputs`,
    });
  }
}
