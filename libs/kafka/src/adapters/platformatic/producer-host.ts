// What a transaction of the platformatic adapter needs of the producer that began it: named
// apart from the producer, which makes the transactions, so that neither imports the other.
import type { KafkaTransaction } from "../../producer.ts";
import type { GroupCoordinators } from "./group-offsets.ts";
import type { PlatformaticProducer } from "./platformatic-producer.ts";
import type { SerialQueue } from "./serial-queue.ts";

export interface ProducerHost {
  readonly queue: SerialQueue;
  readonly coordinators: GroupCoordinators;
  readonly client: PlatformaticProducer;
  readonly maxBatchBytes: number;
  /** Runs a call of the open transaction: one at a time, failing once the producer is fenced or closed. */
  call<T>(action: string, call: () => Promise<T>): Promise<T>;
  /** The transaction committed or aborted: the producer may begin another. */
  ended(transaction: KafkaTransaction): void;
}
