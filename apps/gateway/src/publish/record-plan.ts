import type { Record as ApiRecord } from "@onceport/api";
// The header names the gateway writes on every record are the audit's conventions: the audit
// proves exactly-once on them, so both read the one definition.
import { clientIdHeader, messageIdHeader } from "@onceport/audit";
import { OnceportError } from "@onceport/errors";
import { type RecordHeader, recordBatchOverheadBytes, recordBytesInBatch } from "@onceport/kafka";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import { checkTopicName } from "./topic-name.ts";

/** Callers may not set the gateway's own headers, nor any it may add later. */
const reservedHeaderPrefix = "onceport-";
const maxKeyLength = 200;
/** Room for the `traceparent` header that tracing adds when the record is sent. */
const traceHeaderBytes = 100;

export interface PublishLimits {
  readonly maxRecordBytes: number;
  /** Largest record key: placing a keyed record hashes its key, and readers hold it. */
  readonly maxKeyBytes: number;
  /** Most headers a record may carry, and most bytes (names and values) they may take. */
  readonly maxHeadersPerRecord: number;
  readonly maxHeaderBytes: number;
  readonly maxRequestBytes: number;
  readonly maxRecordsPerPublish: number;
  /** The largest record batch the gateway sends Kafka (--kafka-max-batch-bytes): no record may need more. */
  readonly maxKafkaBatchBytes: number;
  /** Topics no client may write: the receipts topic and Kafka's internal ones. */
  readonly forbiddenTopics: ReadonlySet<string>;
}

export function checkIdempotencyKey(idempotencyKey: string): void {
  if (idempotencyKey === "") {
    throw new OnceportError("MISSING_IDEMPOTENCY_KEY", "every publish needs an idempotency key");
  }
  if (idempotencyKey.length > maxKeyLength) {
    throw new OnceportError(
      "INVALID_ARGUMENT",
      `the idempotency key is longer than ${maxKeyLength} characters`,
    );
  }
}

/**
 * Checks a publish's records and turns them into what Kafka is sent. Throws
 * before anything is written, so bad input leaves nothing half-done.
 * `firstIndex` numbers derived message ids across the sends of a transaction.
 */
export async function planRecords(
  records: readonly ApiRecord[],
  context: { clientId: string; idempotencyKey: string; firstIndex?: number },
  catalog: TopicCatalog,
  limits: PublishLimits,
): Promise<PlannedRecord[]> {
  if (records.length === 0) throw new OnceportError("EMPTY_PUBLISH", "a publish needs at least one record");
  if (records.length > limits.maxRecordsPerPublish) {
    throw new OnceportError(
      "TOO_MANY_RECORDS",
      `${records.length} records in one publish; the limit is ${limits.maxRecordsPerPublish}`,
    );
  }
  let totalBytes = 0;
  const planned: PlannedRecord[] = [];
  for (const [index, record] of records.entries()) {
    const where = `record ${index}`;
    checkTopicName(record.topic, where);
    if (limits.forbiddenTopics.has(record.topic) || record.topic.startsWith("__")) {
      throw new OnceportError("PERMISSION_DENIED", `${where}: topic ${record.topic} is internal`);
    }
    if (record.messageId.length > maxKeyLength) {
      throw new OnceportError(
        "INVALID_ARGUMENT",
        `${where}: message id longer than ${maxKeyLength} characters`,
      );
    }
    const key = record.key === undefined ? null : bufferView(record.key);
    if (key !== null && key.length > limits.maxKeyBytes) {
      throw new OnceportError(
        "RECORD_TOO_LARGE",
        `${where}: its key is ${key.length} bytes; the limit is ${limits.maxKeyBytes} (--max-key-bytes)`,
      );
    }
    if (record.headers.length > limits.maxHeadersPerRecord) {
      throw new OnceportError(
        "RECORD_TOO_LARGE",
        `${where} has ${record.headers.length} headers; the limit is ${limits.maxHeadersPerRecord} (--max-headers-per-record)`,
      );
    }
    const messageId = record.messageId || `${context.idempotencyKey}/${(context.firstIndex ?? 0) + index}`;
    const headers: RecordHeader[] = [];
    let headerBytes = 0;
    for (const header of record.headers) {
      if (header.key.toLowerCase().startsWith(reservedHeaderPrefix)) {
        throw new OnceportError(
          "RESERVED_HEADER",
          `${where}: header names starting "${reservedHeaderPrefix}" are reserved`,
        );
      }
      const value = bufferView(header.value);
      headers.push({ key: header.key, value });
      headerBytes += Buffer.byteLength(header.key) + value.length;
    }
    if (headerBytes > limits.maxHeaderBytes) {
      throw new OnceportError(
        "RECORD_TOO_LARGE",
        `${where}: its headers take ${headerBytes} bytes; the limit is ${limits.maxHeaderBytes} (--max-header-bytes)`,
      );
    }
    headers.push(
      { key: messageIdHeader, value: Buffer.from(messageId) },
      { key: clientIdHeader, value: Buffer.from(context.clientId) },
    );
    const value = bufferView(record.value);
    const sizeBytes = (key?.length ?? 0) + value.length + headerBytes;
    if (sizeBytes > limits.maxRecordBytes) {
      throw new OnceportError(
        "RECORD_TOO_LARGE",
        `${where} is ${sizeBytes} bytes; the limit is ${limits.maxRecordBytes}`,
      );
    }
    const kafkaBytes =
      recordBytesInBatch({ key, value, headers }) + traceHeaderBytes + recordBatchOverheadBytes;
    if (kafkaBytes > limits.maxKafkaBatchBytes) {
      throw new OnceportError(
        "RECORD_TOO_LARGE",
        `${where} takes ${kafkaBytes} bytes in a Kafka batch; the limit is ${limits.maxKafkaBatchBytes} (--kafka-max-batch-bytes)`,
      );
    }
    totalBytes += sizeBytes;
    if (totalBytes > limits.maxRequestBytes) {
      throw new OnceportError("REQUEST_TOO_LARGE", `the publish exceeds ${limits.maxRequestBytes} bytes`);
    }
    // Awaits only for a topic not read lately: no promise per record of a known topic.
    const partitions = catalog.cachedPartitions(record.topic) ?? (await catalog.partitions(record.topic));
    const partition = catalog.choosePartition(record.topic, partitions, record.partition, key);
    planned.push({ topic: record.topic, partition, key, value, headers, messageId, sizeBytes });
  }
  return planned;
}

/**
 * A Buffer over the same memory, not a copy: the decoded request's bytes are
 * views into the message grpc-js received, and the Kafka client copies them into
 * its request anyway, so a copy here cost time and garbage for every record.
 */
export function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
