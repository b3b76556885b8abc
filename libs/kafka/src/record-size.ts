// What records take in a Kafka record batch (magic v2), to split sends below the broker's
// `message.max.bytes`, which refuses a larger batch however often it is retried.
import type { OutgoingRecord } from "./records.ts";

/**
 * The fixed part of a record batch: base offset, length, leader epoch, magic, CRC,
 * attributes, last offset delta, timestamps, producer id and epoch, base sequence and count.
 */
export const recordBatchOverheadBytes = 61;

/** The broker's default `message.max.bytes` (1 MiB + 12), less room for the request around it. */
export const defaultMaxBatchBytes = 1_000_000;

/**
 * At most what one record takes in a batch: its length, attributes, timestamp delta, offset
 * delta, key and value lengths and header count are varints of at most 5 or 10 bytes each,
 * and each header has two more length varints. An upper bound, so that batches split by it
 * never exceed the broker's limit.
 */
export function recordBytesInBatch(record: OutgoingRecord): number {
  let bytes = 5 + 1 + 10 + 5 + 5 + 5 + 5;
  bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers)
    bytes += 5 + Buffer.byteLength(header.key) + 5 + (header.value?.length ?? 0);
  return bytes;
}

/**
 * Splits records into runs that each fit one batch of at most `maxBatchBytes`, in their
 * order; a record too large for any batch is a run of its own (the broker then refuses it as
 * too large, which callers report; planning should have refused it first).
 */
export function splitByBatchBytes<T extends OutgoingRecord>(
  records: readonly T[],
  maxBatchBytes: number,
): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let bytes = recordBatchOverheadBytes;
  for (const record of records) {
    const size = recordBytesInBatch(record);
    if (run.length > 0 && bytes + size > maxBatchBytes) {
      runs.push(run);
      run = [];
      bytes = recordBatchOverheadBytes;
    }
    run.push(record);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
