import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ConsumedRecordSchema } from "@onceport/api";
import type { ConsumedRecord } from "@onceport/kafka";

export type ConsumedRecordInit = MessageInitShape<typeof ConsumedRecordSchema>;

/** A record read from Kafka, as Process batches and Subscribe responses carry it. */
export function consumedRecord(record: ConsumedRecord): ConsumedRecordInit {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ...(record.key === null ? {} : { key: record.key }),
    value: record.value ?? Buffer.alloc(0),
    headers: record.headers.map(({ key, value }) => ({ key, value: value ?? Buffer.alloc(0) })),
    timestampMs: BigInt(record.timestamp),
    // Trace context propagation comes later; the field is there for it.
    traceparent: "",
  };
}

/** Roughly what a record takes on the wire, to keep messages under gRPC's usual 4 MiB. */
export function recordBytes(record: ConsumedRecord): number {
  let bytes = 40 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const { key, value } of record.headers) bytes += key.length + (value?.length ?? 0) + 4;
  return bytes;
}

/**
 * Splits a fetched batch into messages of at most `maxRecords` records and
 * about `maxBytes` bytes (always at least one record), in offset order.
 */
export function chunkRecords(
  records: readonly ConsumedRecord[],
  maxRecords: number,
  maxBytes: number,
): ConsumedRecord[][] {
  const chunks: ConsumedRecord[][] = [];
  let current: ConsumedRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record);
    if (current.length > 0 && (current.length >= maxRecords || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Most bytes of records in one Process batch or Subscribe response: well under gRPC's default 4 MiB. */
export const maxMessageBytes = 1024 * 1024;
