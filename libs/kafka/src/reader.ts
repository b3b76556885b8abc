import type { ConsumedRecord, PartitionOffset } from "./records.ts";

export type IsolationLevel = "read_committed" | "read_uncommitted";

export interface ReaderOptions {
  readonly isolation: IsolationLevel;
  /** The most a fetch returns per partition. */
  readonly maxBytesPerPartition?: number;
}

/** Records read from one partition, and where reading it goes on. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  /**
   * The offset to read next: past the last record, and past what read_committed skipped
   * (aborted records, transaction markers), so it can be beyond the last record + 1.
   */
  readonly nextOffset: bigint;
}

/**
 * Reads chosen partitions from chosen offsets, outside any consumer group: Subscribe, the
 * receipts catch-up and the audit know their positions themselves.
 */
export interface PartitionReader {
  /** Reads these partitions from these offsets, instead of what it read before. */
  assign(positions: readonly PartitionOffset[]): Promise<void>;
  /** What was read since the last call, waiting at most `maxWaitMs` for something; [] if nothing came. */
  poll(maxWaitMs: number): Promise<ConsumedBatch[]>;
  close(): Promise<void>;
}
