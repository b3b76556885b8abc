// Reads given offset ranges of partitions with a fresh PartitionReader, then stops. A partition
// is done when its reader's nextOffset reaches the range's end: the reader moves that past what
// it skips (aborted records and transaction markers under read_committed, markers always), so a
// range ending in them completes although no record is delivered for them.
import { OnceportError } from "@onceport/errors";
import type { ConsumedBatch, IsolationLevel, KafkaClient } from "@onceport/kafka";
import type { AuditRecord } from "./audit-record.ts";
import { type PartitionRange, partitionKey } from "./partition-range.ts";

export interface ReadRangesOptions {
  readonly client: KafkaClient;
  readonly ranges: readonly PartitionRange[];
  readonly isolation: IsolationLevel;
  readonly onRecord: (record: AuditRecord) => void;
  /** Called at the start, at most every `progressEveryMs`, and at the end (`done`). */
  readonly onProgress?: (delivered: number, done: boolean) => void;
  readonly progressEveryMs?: number;
  /** Fail (AUDIT_INCOMPLETE) when no partition moves for this long. */
  readonly stallTimeoutMs?: number;
  /** Stops reading (within one poll) and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** How long one poll waits for records: also how soon a finished read notices it is finished. */
const pollWaitMs = 200;

/**
 * Larger fetches than the clients' defaults (kafkajs: 1 MiB per partition): about 2.5 times the
 * records/s in the bench, for a higher peak of short-lived garbage (README, "Memory").
 */
const maxBytesPerPartition = 4 * 1024 * 1024;

/** A reader's failure (a KafkaError) as the audit's error: it could not audit. */
function failed(error: unknown): never {
  throw OnceportError.from(error);
}

export async function readRanges(options: ReadRangesOptions): Promise<{ delivered: number }> {
  const active = options.ranges.filter((range) => range.start < range.end);
  if (active.length === 0) return { delivered: 0 };
  const byKey = new Map(active.map((range) => [partitionKey(range.topic, range.partition), range]));
  const position = new Map(active.map((range) => [partitionKey(range.topic, range.partition), range.start]));
  const remaining = new Set(byKey.keys());
  const stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
  let delivered = 0;
  let lastMove = Date.now();
  let lastProgress = 0;

  const take = (batch: ConsumedBatch): void => {
    const key = partitionKey(batch.topic, batch.partition);
    const range = byKey.get(key);
    if (range === undefined || !remaining.has(key)) return; // done: what it reads on is past the range
    for (const record of batch.records) {
      const offset = Number(record.offset);
      if (offset < range.start || offset >= range.end) continue;
      delivered += 1;
      options.onRecord({
        topic: record.topic,
        partition: record.partition,
        offset,
        key: record.key,
        value: record.value,
        headers: record.headers,
      });
    }
    const next = Number(batch.nextOffset);
    if (next > (position.get(key) ?? 0)) {
      position.set(key, next);
      lastMove = Date.now();
    }
    if (next >= range.end) remaining.delete(key);
  };

  options.onProgress?.(0, false);
  const reader = await options.client.reader({ isolation: options.isolation, maxBytesPerPartition });
  // A poll that never answers must not hang the audit: the watchdog ends the wait as well.
  let stalled: (error: OnceportError) => void = () => {};
  const stall = new Promise<never>((_, reject) => {
    stalled = reject;
  });
  stall.catch(() => undefined);
  const watchdog = setInterval(() => {
    if (Date.now() - lastMove <= stallTimeoutMs) return;
    const unfinished = [...remaining]
      .slice(0, 5)
      .map((key) => `${key} at ${position.get(key)} of ${byKey.get(key)?.end}`)
      .join(", ");
    stalled(
      new OnceportError(
        "AUDIT_INCOMPLETE",
        `${options.isolation} reader made no progress for ${stallTimeoutMs} ms; unfinished: ${unfinished}`,
      ),
    );
  }, 500);

  try {
    const starts = active.map((range) => ({
      topic: range.topic,
      partition: range.partition,
      offset: BigInt(range.start),
    }));
    await Promise.race([reader.assign(starts), stall]).catch(failed);
    while (remaining.size > 0) {
      options.signal?.throwIfAborted();
      const batches = await Promise.race([reader.poll(pollWaitMs), stall]).catch(failed);
      for (const batch of batches) take(batch);
      const now = Date.now();
      if (options.onProgress !== undefined && now - lastProgress >= (options.progressEveryMs ?? 1000)) {
        lastProgress = now;
        options.onProgress(delivered, false);
      }
    }
  } finally {
    clearInterval(watchdog);
    await reader.close().catch(() => undefined);
  }
  options.onProgress?.(delivered, true);
  return { delivered };
}
