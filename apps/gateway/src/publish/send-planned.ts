import { create } from "@bufbuild/protobuf";
import { type RecordResult, RecordResultSchema } from "@onceport/api";
import type { Message } from "kafkajs";
import type { ProducerTransaction, TopicMessages } from "../kafka/client-producer.ts";
import { traceProducedRecords } from "../telemetry/producer-spans.ts";
import type { PlannedRecord } from "./record-plan.ts";

/**
 * Sends planned records in the open transaction and tells where each landed.
 * One send puts the records of one partition into one batch, in order, so the
 * n-th record of a partition sits at the batch's base offset + n. While
 * tracing, each record gets a producer span and its `traceparent` header.
 */
export async function sendPlanned(
  transaction: ProducerTransaction,
  records: readonly PlannedRecord[],
): Promise<RecordResult[]> {
  const traced = traceProducedRecords(records);
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    let messages = byTopic.get(record.topic);
    if (!messages) {
      messages = [];
      byTopic.set(record.topic, messages);
    }
    messages.push({
      key: record.key,
      value: record.value,
      headers: traced ? traced.headers(record) : record.headers,
      partition: record.partition,
    });
  }
  const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  const sending = transaction.send(topicMessages);
  const metadata = await (traced ? traced.watch(sending) : sending);
  const nextOffset = new Map<string, bigint>();
  for (const entry of metadata) {
    if (entry.baseOffset !== undefined) {
      nextOffset.set(partitionKey(entry.topicName, entry.partition), BigInt(entry.baseOffset));
    }
  }
  const results = records.map((record) => {
    const key = partitionKey(record.topic, record.partition);
    const offset = nextOffset.get(key);
    if (offset === undefined) {
      throw new Error(`Kafka's answer names no offset for ${key}`);
    }
    nextOffset.set(key, offset + 1n);
    return create(RecordResultSchema, {
      topic: record.topic,
      partition: record.partition,
      offset,
      messageId: record.messageId,
    });
  });
  traced?.end(results);
  return results;
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
