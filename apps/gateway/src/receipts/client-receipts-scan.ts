import { setTimeout as sleep } from "node:timers/promises";
import type { Receipt } from "@onceport/api";
import { OnceportError } from "@onceport/errors";
import { isKafkaError, type KafkaAdmin, type KafkaClient, type PartitionReader } from "@onceport/kafka";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import { parseReceipt } from "./receipt-record.ts";

/** A waiting scan sees what committed a poll after it did. */
const pollWaitMs = 100;
/** After a failed read, how long before reading on from where it was. */
const restartDelayMs = 250;

export interface ScanTarget {
  readonly readers: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly logger: Logger;
  readonly topic: string;
  readonly partition: number;
  readonly clientId: string;
}

export interface ScanBounds {
  /** Where reading starts: the first offset of the window (records since this time), or an offset. */
  readonly from: { readonly timeMs: number } | { readonly offset: bigint };
  /** Reading ends once every offset below this one was read (read_committed). */
  readonly untilOffset: bigint;
  /** The scan fails (KAFKA_UNAVAILABLE) when it has not ended by then. */
  readonly deadline: number;
  /** Why the scan runs, for errors. */
  readonly what: string;
}

export interface ScanCounts {
  /** Records read, the client's and every other one's of the partition. */
  readonly records: number;
  /** Bytes of those records' keys and values. */
  readonly bytes: number;
}

/**
 * Reads one client's receipts from its receipts partition, read_committed, from the start of
 * the idempotency window up to an offset, passing each to `visit`. The partition holds every
 * client whose id hashes there, so the cost is the partition's records in the window; only the
 * client's own are decoded (they carry its id as their key). A failed read (a broker gone, a
 * leader moving) goes on from the offset reached with a new reader, until the deadline.
 */
export async function scanClientReceipts(
  target: ScanTarget,
  bounds: ScanBounds,
  visit: (receipt: Receipt, offset: bigint) => void,
): Promise<ScanCounts> {
  const clientKey = Buffer.from(target.clientId);
  let position = await startOffset(target, bounds);
  let records = 0;
  let bytes = 0;
  let reader: PartitionReader | undefined;
  try {
    while (position < bounds.untilOffset) {
      if (Date.now() >= bounds.deadline) throw timedOut(target, bounds);
      try {
        if (!reader) {
          reader = await target.readers.reader({ isolation: "read_committed" });
          await reader.assign([{ topic: target.topic, partition: target.partition, offset: position }]);
        }
        for (const batch of await reader.poll(pollWaitMs)) {
          for (const record of batch.records) {
            if (record.offset >= bounds.untilOffset) break;
            records++;
            bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
            if (record.key === null || !record.key.equals(clientKey)) continue;
            const receipt = parseReceipt(record.value);
            if (receipt && receipt.clientId === target.clientId) visit(receipt, record.offset);
          }
          if (batch.nextOffset > position) position = batch.nextOffset;
        }
      } catch (error) {
        if (error instanceof OnceportError) throw error;
        target.logger.warn({ err: error, what: bounds.what }, "reading receipts failed; reading on");
        const failed = reader;
        reader = undefined;
        await failed?.close().catch(() => undefined);
        await sleep(restartDelayMs);
      }
    }
  } finally {
    await reader?.close().catch(() => undefined);
  }
  return { records, bytes };
}

async function startOffset(target: ScanTarget, bounds: ScanBounds): Promise<bigint> {
  const { from } = bounds;
  if ("offset" in from) return from.offset;
  const [start] = await retryingKafka(target, bounds.what, () =>
    target.admin.listOffsets([{ topic: target.topic, partition: target.partition }], {
      timestamp: from.timeMs,
    }),
  );
  return start?.offset ?? 0n;
}

/** Retries a retriable Kafka failure (a leader moving) for a few seconds. */
async function retryingKafka<T>(target: ScanTarget, what: string, call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(isKafkaError(error) && error.retriable) || Date.now() >= deadline)
        throw kafkaFailure(what, error);
      target.logger.info({ err: error }, `${what}: Kafka is not ready; trying again`);
      await sleep(restartDelayMs);
    }
  }
}

function timedOut(target: ScanTarget, bounds: ScanBounds): OnceportError {
  return new OnceportError(
    "KAFKA_UNAVAILABLE",
    `${bounds.what}: the receipts of client ${target.clientId} (partition ${target.partition}) could not be read in time; a transaction left open there holds read_committed readers back until Kafka aborts it`,
  );
}
