// Where a group member reads a newly assigned partition from: the group's committed offset,
// asked with requireStable (an offset committed by a transaction not yet ended is waited for,
// not read past: KIP-447), or the log's start or end for a partition without one.
import type { KafkaAdmin } from "../../admin.ts";
import type { GroupConsumerOptions } from "../../group-consumer.ts";
import { partitionKey, type TopicPartition } from "../../records.ts";

/** The start offsets by partitionKey. */
export async function startPositions(
  admin: KafkaAdmin,
  options: GroupConsumerOptions,
  partitions: readonly TopicPartition[],
): Promise<Map<string, bigint>> {
  const starts = new Map<string, bigint>();
  if (partitions.length === 0) return starts;
  for (const { topic, partition, offset } of await admin.listGroupOffsets(options.groupId, partitions))
    starts.set(partitionKey(topic, partition), offset);
  const rest = partitions.filter(({ topic, partition }) => !starts.has(partitionKey(topic, partition)));
  if (rest.length > 0) {
    // "latest" read_committed is the last stable offset, where a read_committed reader ends.
    for (const { topic, partition, offset } of await admin.listOffsets(
      rest,
      options.startAt,
      "read_committed",
    ))
      starts.set(partitionKey(topic, partition), offset);
  }
  return starts;
}
