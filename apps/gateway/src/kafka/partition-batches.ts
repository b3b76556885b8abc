import type { Message } from "kafkajs";
import { recordBatchOverheadBytes, recordBytesInBatch } from "./record-batch-size.ts";

export interface TopicMessages {
  readonly topic: string;
  readonly messages: Message[];
}

/**
 * Splits a send into batches that each go to one partition and fit in one Kafka record
 * batch of at most `maxBatchBytes`: per topic and partition, records in their order,
 * partitions in the order they first appear. A message without a partition (kafkajs's
 * partitioner picks it) is a batch of its own.
 *
 * Why one partition per batch: kafkajs 2.2.4 retries a sendBatch that spans several
 * brokers by sending again to every broker it holds no answer from, keyed by its broker
 * objects. A connection error on another request to a broker whose produce had already
 * succeeded (AddPartitionsToTxn to the transaction coordinator, say) makes kafkajs drop and
 * re-create that broker's object, so its records are sent a second time, with new sequence
 * numbers that Kafka cannot recognise as a retry: the transaction then holds them twice
 * (found by tools/faults, network scenario, connection resets). With one partition per
 * sendBatch there is one broker, and a retry only ever follows that request's own failure,
 * with the same sequence numbers, which Kafka deduplicates.
 *
 * Why bounded by bytes: kafkajs writes all of a partition's messages as one record batch,
 * and the broker refuses a batch above its `message.max.bytes` (MESSAGE_TOO_LARGE) however
 * often it is retried. A single record above the bound is a batch of its own (planning
 * refuses such records before they get here).
 */
export function partitionBatches(
  topicMessages: readonly TopicMessages[],
  maxBatchBytes: number,
): TopicMessages[] {
  const byPartition = new Map<string, { topic: string; chunks: Message[][]; bytes: number }>();
  const batches: { topic: string; chunks: Message[][] }[] = [];
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      if (message.partition === undefined) {
        batches.push({ topic, chunks: [[message]] });
        continue;
      }
      const key = `${topic}\u0000${message.partition}`;
      let partition = byPartition.get(key);
      if (!partition) {
        partition = { topic, chunks: [[]], bytes: recordBatchOverheadBytes };
        byPartition.set(key, partition);
        batches.push(partition);
      }
      const size = recordBytesInBatch(message);
      let chunk = partition.chunks.at(-1) ?? [];
      if (chunk.length > 0 && partition.bytes + size > maxBatchBytes) {
        chunk = [];
        partition.chunks.push(chunk);
        partition.bytes = recordBatchOverheadBytes;
      }
      chunk.push(message);
      partition.bytes += size;
    }
  }
  return batches.flatMap(({ topic, chunks }) => chunks.map((messages) => ({ topic, messages })));
}
