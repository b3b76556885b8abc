import type { RecordHeader } from "@onceport/kafka";

/**
 * A record checked and placed: its partition chosen, its headers complete. What publish and
 * Process plan, sessions and workers send, and telemetry traces; here, beside the producer
 * that sends it, so that none of them has to import another for it.
 */
export interface PlannedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer;
  /** The caller's headers in their order, then the gateway's message id and client id. */
  readonly headers: readonly RecordHeader[];
  readonly messageId: string;
  readonly sizeBytes: number;
}
