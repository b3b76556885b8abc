// A message of the binding as Onceport's ConsumedRecord, for the reader and the group consumer.
import type { ConsumedRecord } from "../../records.ts";
import { fromRdkafkaHeaders } from "./librdkafka-headers.ts";
import type { Rdkafka } from "./librdkafka-module.ts";

export function toConsumedRecord(message: Rdkafka.Message): ConsumedRecord {
  const { key } = message;
  return {
    topic: message.topic,
    partition: message.partition,
    offset: BigInt(message.offset),
    key: key === null || key === undefined ? null : Buffer.isBuffer(key) ? key : Buffer.from(key),
    value: message.value,
    headers: fromRdkafkaHeaders(message.headers),
    timestamp: message.timestamp ?? -1,
  };
}
