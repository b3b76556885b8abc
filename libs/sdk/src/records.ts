import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { type Record as ApiRecord, type RecordResult as ApiRecordResult, RecordSchema } from "@onceport/api";

/** Bytes, or a string written as UTF-8. */
export type Bytes = string | Uint8Array;

/** One record to write to Kafka. */
export interface PublishRecord {
  /** The topic; it must exist (the gateway creates no topics). */
  readonly topic: string;
  readonly value: Bytes;
  /** The record key; absent means a null key. */
  readonly key?: Bytes;
  /** The partition; when absent, the gateway picks it like Kafka's default partitioner (murmur2 of the key). */
  readonly partition?: number;
  /**
   * Headers of your own, by name, or as a list (in order; a name may repeat). Names starting
   * with `onceport-` are reserved.
   */
  readonly headers?: Readonly<Record<string, Bytes>> | readonly RecordHeader[];
  /**
   * A unique id for the record, written as its `onceport-message-id` header.
   * Default: `<idempotency key>/<index of the record in its publish>`.
   */
  readonly messageId?: string;
}

export interface RecordHeader {
  readonly key: string;
  readonly value: Bytes;
}

/** A record's headers as a list, in order, whichever way they were given. */
export function headerList(headers: PublishRecord["headers"]): RecordHeader[] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return [...(headers as readonly RecordHeader[])];
  return Object.entries(headers).map(([key, value]) => ({ key, value }));
}

/** Where a record landed. */
export interface RecordResult {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset in its partition (64-bit, so a decimal string, as in kafkajs). */
  readonly offset: string;
  readonly messageId: string;
}

/** The outcome of a publish: known, committed. */
export interface PublishResult {
  /** The key the publish was made with (yours, or the one the SDK generated). */
  readonly idempotencyKey: string;
  /** Where each record landed, in the order given. */
  readonly results: readonly RecordResult[];
  /**
   * True when this key had been published before (by an earlier call, or by a
   * retry whose first answer was lost): nothing was written this time, and
   * `results` are those of the first publish.
   */
  readonly duplicate: boolean;
}

export interface PublishOptions {
  /**
   * Identifies the publish across retries, restarts and gateways: the same key
   * (for the same client id) is written at most once. Default: a new UUID.
   * Pass your own (an order id, a file name and line range...) to make retries
   * of your own, across process restarts, exactly-once too. At most 200 characters.
   */
  readonly idempotencyKey?: string;
}

const utf8 = new TextEncoder();

function bytes(value: Bytes): Uint8Array {
  return typeof value === "string" ? utf8.encode(value) : value;
}

/** A record as the API message. */
export function toApiRecord(record: PublishRecord): ApiRecord {
  return create(RecordSchema, {
    topic: record.topic,
    value: bytes(record.value),
    ...(record.key === undefined ? {} : { key: bytes(record.key) }),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
    headers: headerList(record.headers).map(({ key, value }) => ({ key, value: bytes(value) })),
    messageId: record.messageId ?? "",
  });
}

export function fromApiResults(results: readonly ApiRecordResult[]): RecordResult[] {
  return results.map((result) => ({
    topic: result.topic,
    partition: result.partition,
    offset: result.offset.toString(),
    messageId: result.messageId,
  }));
}

/** A fresh idempotency key, when the caller gives none. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** Span attributes describing the records of one call. */
export function recordAttributes(records: readonly PublishRecord[]): Record<string, string | number> {
  const topics = new Set(records.map((record) => record.topic));
  return {
    "messaging.system": "kafka",
    "messaging.batch.message_count": records.length,
    ...(topics.size === 1 ? { "messaging.destination.name": [...topics][0] ?? "" } : {}),
  };
}
