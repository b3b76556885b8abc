import { OnceportError } from "@onceport/errors";
import { recordBatchOverheadBytes } from "@onceport/kafka";

/**
 * Room in a receipt's record batch for what is not its entries: the batch and record
 * overhead, the key (the client id, at most 200 bytes), the receipt's client id and commit
 * time, and the kafkajs headers of the record.
 */
const receiptFrameBytes = recordBatchOverheadBytes + 1024;

/**
 * At most what one publish adds to its transaction's receipt (`onceport.v1.ReceiptEntry`,
 * protobuf): its idempotency key, and per record its topic, partition, offset and message
 * id, each with its tag and length varints.
 */
export function receiptEntryBytes(
  idempotencyKey: string,
  records: readonly { readonly topic: string; readonly messageId: string }[],
): number {
  let bytes = 3 + 3 + Buffer.byteLength(idempotencyKey);
  for (const record of records) {
    bytes += 3 + 3 + Buffer.byteLength(record.topic) + 6 + 11 + 3 + Buffer.byteLength(record.messageId);
  }
  return bytes;
}

/**
 * The most a transaction's receipt entries may take: the receipt is one record, and it
 * must fit in one record batch of `maxKafkaBatchBytes`, or Kafka refuses the whole
 * transaction at its end.
 */
export function maxReceiptEntriesBytes(maxKafkaBatchBytes: number): number {
  return maxKafkaBatchBytes - receiptFrameBytes;
}

/** Refuses, before anything is sent, a publish whose receipt could never be written. */
export function checkReceiptRoom(entriesBytes: number, max: number, what: string): void {
  if (entriesBytes > max) {
    throw new OnceportError(
      "REQUEST_TOO_LARGE",
      `${what} needs a receipt of about ${entriesBytes} bytes (its records' topics and message ids); one receipt may take ${max} (--kafka-max-batch-bytes): send fewer records at a time`,
    );
  }
}
