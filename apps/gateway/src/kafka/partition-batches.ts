import type { Message } from "kafkajs";

export interface TopicMessages {
  readonly topic: string;
  readonly messages: Message[];
}

/**
 * Splits a send into one batch per topic and partition, records in their order, partitions
 * in the order they first appear. Messages without a partition (kafkajs's partitioner picks
 * it) stay together per topic.
 *
 * Why a transaction sends one partition at a time: kafkajs 2.2.4 retries a sendBatch that
 * spans several brokers by sending again to every broker it holds no answer from, keyed by
 * its broker objects. A connection error on another request to a broker whose produce had
 * already succeeded (AddPartitionsToTxn to the transaction coordinator, say) makes kafkajs
 * drop and re-create that broker's object, so its records are sent a second time, with new
 * sequence numbers that Kafka cannot recognise as a retry: the transaction then holds them
 * twice (found by tools/faults, network scenario, connection resets). With one partition per
 * sendBatch there is one broker, and a retry only ever follows that request's own failure,
 * with the same sequence numbers, which Kafka deduplicates.
 */
export function partitionBatches(topicMessages: readonly TopicMessages[]): TopicMessages[] {
  const batches = new Map<string, TopicMessages>();
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const key = `${topic}\u0000${message.partition ?? ""}`;
      let batch = batches.get(key);
      if (!batch) {
        batch = { topic, messages: [] };
        batches.set(key, batch);
      }
      batch.messages.push(message);
    }
  }
  return [...batches.values()];
}
