// Process still reads through a kafkajs consumer group (its group membership has no
// counterpart in @onceport/kafka yet): its messages become the Kafka layer's records here.
import type { ConsumedRecord, RecordHeader } from "@onceport/kafka";
import type { IHeaders, KafkaMessage } from "kafkajs";

export function fromKafkajsMessage(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: BigInt(message.offset),
    key: message.key ?? null,
    value: message.value ?? null,
    headers: headerList(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function headerList(headers: IHeaders | undefined): RecordHeader[] {
  const list: RecordHeader[] = [];
  if (headers === undefined) return list;
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) list.push({ key, value: Buffer.from(one) });
  }
  return list;
}
