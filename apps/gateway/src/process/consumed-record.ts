import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ConsumedRecordSchema } from "@onceport/api";
import type { IHeaders, KafkaMessage } from "kafkajs";

export type ConsumedRecordInit = MessageInitShape<typeof ConsumedRecordSchema>;

/** A record kafkajs read, as Process batches and Subscribe responses carry it. */
export function consumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecordInit {
  return {
    topic,
    partition,
    offset: BigInt(message.offset),
    ...(message.key === null ? {} : { key: message.key }),
    value: message.value ?? Buffer.alloc(0),
    headers: headerList(message.headers),
    timestampMs: BigInt(message.timestamp),
    // Trace context propagation comes later; the field is there for it.
    traceparent: "",
  };
}

function headerList(headers: IHeaders | undefined): { key: string; value: Buffer }[] {
  const list: { key: string; value: Buffer }[] = [];
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) list.push({ key, value: Buffer.from(one) });
  }
  return list;
}

/** Roughly what a record takes on the wire, to keep messages under gRPC's usual 4 MiB. */
export function recordBytes(message: KafkaMessage): number {
  let bytes = 40 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) bytes += key.length + one.length + 4;
  }
  return bytes;
}

/**
 * Splits a fetched batch into messages of at most `maxRecords` records and
 * about `maxBytes` bytes (always at least one record), in offset order.
 */
export function chunkMessages(
  messages: readonly KafkaMessage[],
  maxRecords: number,
  maxBytes: number,
): KafkaMessage[][] {
  const chunks: KafkaMessage[][] = [];
  let current: KafkaMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = recordBytes(message);
    if (current.length > 0 && (current.length >= maxRecords || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Most bytes of records in one Process batch or Subscribe response: well under gRPC's default 4 MiB. */
export const maxMessageBytes = 1024 * 1024;
