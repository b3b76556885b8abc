import type { RecordResult } from "@onceport/api";
import type { ConsumerGroupMetadata, KafkaClient } from "@onceport/kafka";
import { ClientProducer, type ProducerSettings } from "../kafka/client-producer.ts";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import { SerialQueue } from "../kafka/serial-queue.ts";
import type { Logger } from "../logger.ts";
import { sendPlanned } from "../publish/send-planned.ts";

/**
 * The transactional.id of one input partition of one group. kafkajs speaks
 * no KIP-447 (its TxnOffsetCommit carries no group generation), so the group
 * coordinator cannot refuse a zombie's offsets; instead, whoever processes a
 * partition uses this one transactional.id, and initialising it fences every
 * earlier owner of the partition, in this gateway or any other.
 */
export function partitionTransactionalId(prefix: string, group: string, topic: string, partition: number) {
  return `${prefix}process-${group}-${topic}-${partition}`;
}

export interface CommitTarget {
  /** The group, with its member and generation where the consumer tells them (KIP-447). */
  readonly group: ConsumerGroupMetadata;
  readonly topic: string;
  readonly partition: number;
  /** The group's offset for the partition after this commit: the next record to process. */
  readonly nextOffset: bigint;
}

/**
 * The producer of one input partition while a worker holds it. Opening it
 * initialises it with Kafka: the previous owner is fenced and its open
 * transaction settled, so the group's committed offset read afterwards is
 * final. Each commit writes outputs and the input offset in one transaction.
 */
export class PartitionProducer {
  // One operation at a time (kafkajs #1005, one transaction per producer).
  private readonly queue = new SerialQueue(16);
  private readonly producer: ClientProducer;

  private constructor(producer: ClientProducer) {
    this.producer = producer;
  }

  static async open(
    kafka: KafkaClient,
    transactionalId: string,
    settings: ProducerSettings,
    logger: Logger,
  ): Promise<PartitionProducer> {
    const producer = await ClientProducer.connect(kafka, transactionalId, settings, logger);
    try {
      await producer.initialize();
    } catch (error) {
      await producer.disconnect();
      throw error;
    }
    return new PartitionProducer(producer);
  }

  get transactionalId(): string {
    return this.producer.transactionalId;
  }

  /** False once fenced, or broken by a commit whose answer was lost: open a new one (which settles it). */
  get isUsable(): boolean {
    return !this.producer.isFenced && !this.producer.isBroken;
  }

  /** Writes the outputs and the input offset in one transaction; where each output landed. */
  commit(outputs: readonly PlannedRecord[], target: CommitTarget): Promise<RecordResult[]> {
    return this.queue.run(() =>
      this.producer.transact(async (transaction) => {
        const results = outputs.length > 0 ? await sendPlanned(transaction, outputs) : [];
        await transaction.sendOffsets(
          [{ topic: target.topic, partition: target.partition, offset: target.nextOffset }],
          target.group,
        );
        return results;
      }),
    );
  }

  /** Disconnects once the operation under way, if any, is done. */
  async release(): Promise<void> {
    await this.queue.run(() => this.producer.disconnect()).catch(() => {});
  }
}
