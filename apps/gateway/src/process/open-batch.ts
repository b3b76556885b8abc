import type { ProcessResult } from "@onceport/api";
import type { ConsumedRecord } from "@onceport/kafka";

/** How the wait for a batch's answer ended. */
export type BatchAnswer =
  | { readonly kind: "result"; readonly result: ProcessResult }
  /** The worker went away or its session is closing: no answer will come. */
  | { readonly kind: "withdrawn" };

/** A batch handed to a worker and not yet answered. */
export class OpenBatch {
  readonly deliveredAt = Date.now();
  readonly answered: Promise<BatchAnswer>;
  /** The answer once there is one (also before `answered` is awaited). */
  settledWith: BatchAnswer | undefined;
  private readonly resolve: (answer: BatchAnswer) => void;

  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedRecord[];
  /** The group's offset once this batch is committed. */
  readonly nextOffset: bigint;

  constructor(
    id: string,
    topic: string,
    partition: number,
    messages: readonly ConsumedRecord[],
    nextOffset: bigint,
  ) {
    this.id = id;
    this.topic = topic;
    this.partition = partition;
    this.messages = messages;
    this.nextOffset = nextOffset;
    const { promise, resolve } = Promise.withResolvers<BatchAnswer>();
    this.answered = promise;
    this.resolve = resolve;
  }

  /** The worker's result; false when the batch had its answer already. */
  answer(result: ProcessResult): boolean {
    return this.settle({ kind: "result", result });
  }

  withdraw(): void {
    this.settle({ kind: "withdrawn" });
  }

  private settle(answer: BatchAnswer): boolean {
    if (this.settledWith) return false;
    this.settledWith = answer;
    this.resolve(answer);
    return true;
  }

  get inputOffsets(): Set<bigint> {
    return new Set(this.messages.map((message) => message.offset));
  }
}
