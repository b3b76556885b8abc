// One transaction of a LibrdkafkaProducer: refuses calls once it ended, and tells the
// producer when it did, so that the producer allows the next one.
import type { ConsumerGroupMetadata, KafkaTransaction } from "../../producer.ts";
import type { PartitionOffset, PartitionRecords, SentBatch } from "../../records.ts";
import { refused } from "./librdkafka-errors.ts";

/** What a transaction asks of its producer. */
export interface TransactionHost {
  readonly transactionalId: string;
  produce(batches: readonly PartitionRecords[]): Promise<SentBatch[]>;
  sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  ended(transaction: LibrdkafkaTransaction): void;
}

export class LibrdkafkaTransaction implements KafkaTransaction {
  private readonly host: TransactionHost;
  private outcome: "committed" | "aborted" | undefined;

  constructor(host: TransactionHost) {
    this.host = host;
  }

  async send(batches: readonly PartitionRecords[]): Promise<SentBatch[]> {
    this.ensureOpen("send to");
    return this.host.produce(batches);
  }

  async sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    this.ensureOpen("send offsets in");
    await this.host.sendOffsets(offsets, group);
  }

  async commit(): Promise<void> {
    this.ensureOpen("commit");
    await this.host.commit();
    this.end("committed");
  }

  async abort(): Promise<void> {
    this.ensureOpen("abort");
    await this.host.abort();
    this.end("aborted");
  }

  private end(outcome: "committed" | "aborted"): void {
    this.outcome = outcome;
    this.host.ended(this);
  }

  private ensureOpen(what: string): void {
    if (this.outcome !== undefined) {
      throw refused(
        "transaction-state",
        `cannot ${what} a transaction of ${this.host.transactionalId} that was already ${this.outcome}`,
      );
    }
  }
}
