// Onceport's own record vocabulary. Headers are an ordered list of name/value pairs, as on the
// wire: a name may repeat, and no name (`__proto__`, `toString`, ...) can collide with anything,
// which an object keyed by header name cannot promise.

export interface RecordHeader {
  readonly key: string;
  /** Kafka allows a header without a value. */
  readonly value: Buffer | null;
}

export type RecordHeaders = readonly RecordHeader[];

/** A record to write to one known partition (the gateway always chooses the partition). */
export interface OutgoingRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeaders;
  /** Milliseconds since the epoch; the producer's clock when absent. */
  readonly timestamp?: number;
}

/** Records for one partition, sent as one produce request. */
export interface PartitionRecords {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly OutgoingRecord[];
}

/** Where a sent batch landed: its first record's offset; the others follow it. */
export interface SentBatch {
  readonly topic: string;
  readonly partition: number;
  readonly baseOffset: bigint;
  readonly count: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A position in a partition: the offset of the next record to read. */
export interface PartitionOffset extends TopicPartition {
  readonly offset: bigint;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RecordHeaders;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
}

/** The first value of a header, or undefined when the record has none of that name. */
export function headerValue(headers: RecordHeaders, key: string): Buffer | null | undefined {
  for (const header of headers) if (header.key === key) return header.value;
  return undefined;
}

/** The first value of a header as UTF-8 text. */
export function headerText(headers: RecordHeaders, key: string): string | undefined {
  const value = headerValue(headers, key);
  return value === undefined || value === null ? undefined : value.toString("utf8");
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
