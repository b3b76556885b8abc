import type { OnceportError } from "@onceport/errors";
import type { ConsumedRecord } from "../consumer/consumed-record.ts";
import type { PublishRecord, RecordResult } from "../records.ts";

/** Where and how a worker joins (the gateway's `ProcessJoin`). */
export interface ProcessOptions {
  /**
   * The Kafka consumer group: letters, digits, `.`, `_`, `-`. Workers of one
   * group share its input partitions, across gateways; its committed offsets
   * (written in the same transactions as the outputs) are where processing
   * resumes after any restart.
   */
  readonly group: string;
  /** The input topics (at least one; they must exist). */
  readonly topics: readonly string[];
  /** Written as `onceport-client-id` on every output. Default: the client id. */
  readonly workerId?: string;
  /** Most records in a batch. Default: the gateway's limit (1,000 unless configured). */
  readonly maxBatchRecords?: number;
  /**
   * Most batches open at once, each from a different partition, so the handler
   * may run this many times concurrently. Default 1; the gateway caps it (8).
   */
  readonly maxInFlightBatches?: number;
  /** Where partitions with no committed offset in the group start: earliest (default), or latest. */
  readonly startAtLatest?: boolean;
  /** Told what the worker's stream does (joins, acks, rejections, reconnects): for logs and metrics. */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** Records of one input partition, in offset order, to turn into outputs. */
export interface ProcessBatch {
  readonly batchId: string;
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  /**
   * Aborted when the batch can no longer be committed (the stream ended: a
   * gateway restart, a lease that ran out...). Its records will be delivered
   * again; whatever the handler returns for it now is dropped.
   */
  readonly signal: AbortSignal;
}

/** A record a worker writes: a `PublishRecord` without a message id (the gateway derives it). */
export type OutputRecord = Omit<PublishRecord, "messageId">;

/** One output, tagged with the input record it came from. */
export interface ProcessOutput {
  /** The `offset` of the input record in the batch (a string, as `ConsumedRecord.offset`, or a bigint). */
  readonly inputOffset: string | bigint;
  readonly record: OutputRecord;
  /**
   * The W3C `traceparent` this output was made in (typically the worker's own
   * span, started from the input's `traceparent`). Default: the gateway's
   * consumer span of the input record.
   */
  readonly traceparent?: string;
}

/**
 * Turns a batch into its outputs: any number per input record (none, one,
 * several). It MUST be deterministic (same batch, same outputs, in the same
 * order): a batch whose commit was lost is delivered again, and the outputs'
 * message ids (`<group>/<topic>/<partition>/<input offset>/<index>`) are stable
 * only if the handler answers alike. Side effects outside Kafka are not covered
 * by exactly-once.
 */
export type ProcessHandler = (batch: ProcessBatch) => Promise<readonly ProcessOutput[]>;

/** What a worker's stream did, for `onEvent`. */
export type WorkerEvent =
  | {
      readonly type: "joined";
      readonly leaseMs: number;
      readonly maxBatchRecords: number;
      readonly maxInFlightBatches: number;
    }
  | {
      readonly type: "assigned";
      readonly memberId: string;
      readonly partitions: readonly { readonly topic: string; readonly partitions: readonly number[] }[];
    }
  | {
      /** A batch's outputs and input offsets were committed together. */
      readonly type: "acked";
      readonly batchId: string;
      readonly topic: string;
      readonly partition: number;
      readonly records: number;
      readonly results: readonly RecordResult[];
      /** The group's committed offset of the partition now. */
      readonly nextOffset: string;
    }
  | {
      /** A batch was not written (a rebalance took it back...): its records come again. */
      readonly type: "rejected";
      readonly batchId: string;
      readonly reason: string;
      readonly message: string;
    }
  | {
      /** The stream ended with a retriable status; a new one opens after `delayMs`. */
      readonly type: "reconnecting";
      readonly error: OnceportError;
      readonly attempt: number;
      readonly delayMs: number;
    };
