import type { ConsumedRecord as ApiConsumedRecord } from "@onceport/api";

/**
 * A committed record read from Kafka, as Process hands it to a worker and
 * Subscribe to a reader. Bytes are Buffers (kafkajs users will feel at home:
 * `record.value.toString()` is the UTF-8 text).
 */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  /** The offset (64-bit, so a decimal string, as in kafkajs and `RecordResult`). */
  readonly offset: string;
  /** The key; null for a null key. */
  readonly key: Buffer | null;
  /** The value (empty for a null value). */
  readonly value: Buffer;
  /**
   * The headers by name, in an object without a prototype (so `headers.toString` is a
   * header's value or undefined, and `__proto__` a name like any other). A name that occurs
   * several times keeps its last value; `headerList` has them all, in order.
   */
  readonly headers: Readonly<Record<string, Buffer>>;
  readonly headerList: readonly { readonly key: string; readonly value: Buffer }[];
  /** The record's timestamp, in milliseconds since the epoch. */
  readonly timestampMs: number;
  /**
   * The W3C `traceparent` of the gateway's consumer span of this record; empty
   * when the gateway does not trace. Start your own span from it to continue
   * the record's trace.
   */
  readonly traceparent: string;
}

/** A view of the decoded bytes, not a copy. */
function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function fromApiRecord(record: ApiConsumedRecord): ConsumedRecord {
  const headerList = record.headers.map((header) => ({ key: header.key, value: buffer(header.value) }));
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset.toString(),
    key: record.key === undefined ? null : buffer(record.key),
    value: buffer(record.value),
    headers: Object.assign(
      Object.create(null) as Record<string, Buffer>,
      Object.fromEntries(headerList.map((header) => [header.key, header.value])),
    ),
    headerList,
    timestampMs: Number(record.timestampMs),
    traceparent: record.traceparent,
  };
}
