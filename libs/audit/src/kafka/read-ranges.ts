// Reads given offset ranges of partitions with a fresh kafkajs consumer, then stops. kafkajs has
// no assign(): a consumer group of our own (never committed) gets every partition, and ranges
// start with a seek. A partition is done when the consumer's position reaches the range's end;
// the position also moves over batches kafkajs filters out entirely (only control records or
// aborted records), which it reports only through END_BATCH_PROCESS, so both are followed.
import { randomBytes } from "node:crypto";
import { OnceportError } from "@onceport/errors";
import type { Kafka } from "kafkajs";
import type { AuditRecord } from "./audit-record.ts";
import { type PartitionRange, partitionKey } from "./partition-range.ts";

export type Isolation = "read_committed" | "read_uncommitted";

export interface ReadRangesOptions {
  readonly kafka: Kafka;
  readonly ranges: readonly PartitionRange[];
  readonly isolation: Isolation;
  readonly onRecord: (record: AuditRecord) => void;
  /** Called at the start, at most every `progressEveryMs`, and at the end (`done`). */
  readonly onProgress?: (delivered: number, done: boolean) => void;
  readonly progressEveryMs?: number;
  /** Fail (AUDIT_INCOMPLETE) when no partition moves for this long. */
  readonly stallTimeoutMs?: number;
  readonly groupPrefix?: string;
  /** Every partition of each topic: those without a range are paused, not fetched for nothing. */
  readonly partitionsOf?: ReadonlyMap<string, readonly number[]>;
}

export async function readRanges(options: ReadRangesOptions): Promise<{ delivered: number }> {
  const active = options.ranges.filter((range) => range.start < range.end);
  if (active.length === 0) return { delivered: 0 };
  const byKey = new Map(active.map((range) => [partitionKey(range.topic, range.partition), range]));
  const position = new Map(active.map((range) => [partitionKey(range.topic, range.partition), range.start]));
  const remaining = new Set(byKey.keys());
  const topics = [...new Set(active.map((range) => range.topic))];
  const consumer = options.kafka.consumer({
    groupId: `${options.groupPrefix ?? "onceport-audit"}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`,
    readUncommitted: options.isolation === "read_uncommitted",
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 200,
    // Larger fetches than kafkajs's defaults (1 MiB, 10 MiB): about 2.5 times the records/s in
    // the bench, for a higher peak of short-lived garbage (README, "Memory").
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
  });
  let delivered = 0;
  let lastMove = Date.now();
  let lastProgress = 0;
  let finish: () => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const advance = (topic: string, partition: number, next: number): void => {
    const key = partitionKey(topic, partition);
    const range = byKey.get(key);
    if (range === undefined) return;
    if (next > (position.get(key) ?? 0)) {
      position.set(key, next);
      lastMove = Date.now();
    }
    if (next >= range.end && remaining.delete(key)) {
      consumer.pause([{ topic, partitions: [partition] }]);
      if (remaining.size === 0) finish();
    }
  };

  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    advance(event.payload.topic, event.payload.partition, Number(event.payload.lastOffset) + 1);
  });
  consumer.on(consumer.events.CRASH, (event) => {
    fail(OnceportError.from(event.payload.error));
  });

  options.onProgress?.(0, false);
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const range = byKey.get(partitionKey(batch.topic, batch.partition));
        if (range === undefined) return;
        for (const message of batch.messages) {
          const offset = Number(message.offset);
          if (offset < range.start || offset >= range.end) continue;
          delivered += 1;
          options.onRecord({
            topic: batch.topic,
            partition: batch.partition,
            offset,
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
        }
        advance(batch.topic, batch.partition, Number(batch.lastOffset()) + 1);
        const now = Date.now();
        if (options.onProgress !== undefined && now - lastProgress >= (options.progressEveryMs ?? 1000)) {
          lastProgress = now;
          options.onProgress(delivered, false);
        }
      },
    });
    // Partitions of the subscribed topics that are not to be read are paused straight away.
    for (const topic of topics) {
      const unread = (options.partitionsOf?.get(topic) ?? []).filter(
        (partition) => !byKey.has(partitionKey(topic, partition)),
      );
      if (unread.length > 0) consumer.pause([{ topic, partitions: unread }]);
    }
    for (const range of active) {
      consumer.seek({ topic: range.topic, partition: range.partition, offset: String(range.start) });
    }
    const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
    const watchdog = setInterval(() => {
      if (Date.now() - lastMove > stallTimeoutMs) {
        fail(
          new OnceportError(
            "AUDIT_INCOMPLETE",
            `${options.isolation} reader made no progress for ${stallTimeoutMs} ms; unfinished: ${[
              ...remaining,
            ]
              .slice(0, 5)
              .map((key) => `${key} at ${position.get(key)} of ${byKey.get(key)?.end}`)
              .join(", ")}`,
          ),
        );
      }
    }, 500);
    try {
      await done;
    } finally {
      clearInterval(watchdog);
    }
  } finally {
    await consumer.disconnect();
  }
  options.onProgress?.(delivered, true);
  return { delivered };
}
