import type { IHeaders, Message } from "kafkajs";

/**
 * The fixed part of a Kafka record batch (magic v2): base offset, length, leader epoch,
 * magic, CRC, attributes, last offset delta, timestamps, producer id and epoch, base
 * sequence and record count. The broker's `message.max.bytes` limits the whole batch.
 */
export const recordBatchOverheadBytes = 61;

/**
 * At most what one record takes in a v2 batch: its length, attributes, timestamp delta,
 * offset delta, key length, value length and header count are varints of at most 5 or 10
 * bytes each, and each header has two more length varints. An upper bound, so that batches
 * split by it never exceed the broker's limit.
 */
export function recordBytesInBatch(message: Pick<Message, "key" | "value" | "headers">): number {
  let bytes = 5 + 1 + 10 + 5 + 5 + 5 + 5;
  bytes += byteLength(message.key) + byteLength(message.value);
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    for (const one of headerValues(value)) bytes += 5 + Buffer.byteLength(key) + 5 + byteLength(one);
  }
  return bytes;
}

function headerValues(value: IHeaders[string]): (Buffer | string | undefined)[] {
  return Array.isArray(value) ? value : [value];
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value == null) return 0;
  return typeof value === "string" ? Buffer.byteLength(value) : value.length;
}
