// Onceport's TransactionalProducer on kafkajs. kafkajs's rules, kept here: one transaction at
// a time; the producer initialises its transactional.id at its first transaction(), not at
// connect(); a send spanning several brokers can resolve without writing one partition after
// a leader moves (kafkajs #1303, lost acknowledged records in the cluster test), so every
// produce request carries one partition.
import { setTimeout as sleep } from "node:timers/promises";
import type { Producer, Transaction } from "kafkajs";
import type { ConsumerGroupMetadata, KafkaTransaction, TransactionalProducer } from "../../producer.ts";
import { splitByBatchBytes } from "../../record-size.ts";
import type { PartitionOffset, PartitionRecords, SentBatch } from "../../records.ts";
import { fromKafkajs } from "./kafkajs-errors.ts";
import { toKafkajsHeaders } from "./kafkajs-headers.ts";

/** How often AddOffsetsToTxn is asked while the coordinator is still ending the last transaction. */
const concurrentTransactionAttempts = 10;

export class KafkajsProducer implements TransactionalProducer {
  readonly transactionalId: string;
  private readonly producer: Producer;
  private readonly maxBatchBytes: number;
  private initialized = false;

  constructor(producer: Producer, transactionalId: string, maxBatchBytes: number) {
    this.producer = producer;
    this.transactionalId = transactionalId;
    this.maxBatchBytes = maxBatchBytes;
  }

  async init(): Promise<void> {
    if (this.initialized) return;
    // An empty transaction initialises the id with Kafka; ending it sends nothing.
    const transaction = await this.begin();
    await transaction.abort();
  }

  async begin(): Promise<KafkaTransaction> {
    try {
      const transaction = await this.producer.transaction();
      this.initialized = true;
      return new KafkajsTransaction(transaction, this.transactionalId, this.maxBatchBytes);
    } catch (error) {
      throw fromKafkajs(`beginning a transaction of ${this.transactionalId}`, error);
    }
  }

  async close(): Promise<void> {
    try {
      await this.producer.disconnect();
    } catch (error) {
      throw fromKafkajs(`closing the producer of ${this.transactionalId}`, error);
    }
  }
}

class KafkajsTransaction implements KafkaTransaction {
  private readonly transaction: Transaction;
  private readonly transactionalId: string;
  private readonly maxBatchBytes: number;

  constructor(transaction: Transaction, transactionalId: string, maxBatchBytes: number) {
    this.transaction = transaction;
    this.transactionalId = transactionalId;
    this.maxBatchBytes = maxBatchBytes;
  }

  async send(batches: readonly PartitionRecords[]): Promise<SentBatch[]> {
    const sent: SentBatch[] = [];
    // kafkajs writes a request's records for a partition as one record batch.
    const requests = batches.flatMap((batch) =>
      splitByBatchBytes(batch.records, this.maxBatchBytes).map((records) => ({ ...batch, records })),
    );
    try {
      for (const batch of requests) {
        const [metadata] = await this.transaction.sendBatch({
          acks: -1,
          topicMessages: [
            {
              topic: batch.topic,
              messages: batch.records.map((record) => ({
                partition: batch.partition,
                key: record.key,
                value: record.value,
                headers: toKafkajsHeaders(record.headers),
                ...(record.timestamp === undefined ? {} : { timestamp: String(record.timestamp) }),
              })),
            },
          ],
        });
        if (metadata?.baseOffset === undefined) {
          throw new Error(`Kafka's answer names no offset for a batch to ${batch.topic}/${batch.partition}`);
        }
        sent.push({
          topic: batch.topic,
          partition: batch.partition,
          baseOffset: BigInt(metadata.baseOffset),
          count: batch.records.length,
        });
      }
      return sent;
    } catch (error) {
      throw fromKafkajs(`sending records for ${this.transactionalId}`, error);
    }
  }

  async sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    // kafkajs speaks TxnOffsetCommit v0-v1: the group id only, no KIP-447 member metadata.
    const topics = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of offsets) {
      const list = topics.get(topic) ?? [];
      list.push({ partition, offset: offset.toString() });
      topics.set(topic, list);
    }
    // kafkajs retries TxnOffsetCommit but not the AddOffsetsToTxn before it, which a
    // coordinator still writing the previous commit's markers answers CONCURRENT_TRANSACTIONS
    // (KAFKA-5482): nothing was added then, so asking again is safe, as the Java client does.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transaction.sendOffsets({
          consumerGroupId: group.groupId,
          topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
        });
        return;
      } catch (error) {
        const failure = fromKafkajs(`sending offsets for ${this.transactionalId}`, error);
        if (failure.code !== "CONCURRENT_TRANSACTIONS" || attempt >= concurrentTransactionAttempts)
          throw failure;
        await sleep(Math.min(20 * 2 ** attempt, 1_000));
      }
    }
  }

  async commit(): Promise<void> {
    try {
      await this.transaction.commit();
    } catch (error) {
      throw fromKafkajs(`committing for ${this.transactionalId}`, error);
    }
  }

  async abort(): Promise<void> {
    try {
      await this.transaction.abort();
    } catch (error) {
      throw fromKafkajs(`aborting for ${this.transactionalId}`, error);
    }
  }
}
