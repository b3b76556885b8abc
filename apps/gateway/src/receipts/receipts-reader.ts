import { setTimeout as sleep } from "node:timers/promises";
import {
  headerText,
  isKafkaError,
  type KafkaAdmin,
  type KafkaClient,
  type PartitionOffset,
  type PartitionReader,
  partitionKey,
} from "@onceport/kafka";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import type { ReceiptBook } from "./receipt-book.ts";
import { parseReceipt, receiptIdHeader } from "./receipt-record.ts";

/** A waiting session is woken by the first poll after its marker commits. */
const pollWaitMs = 250;
/** After a failed read, how long before the reader starts again from where it was. */
const restartDelayMs = 500;
/** How long the start may retry while the receipts topic's leaders settle. */
const startRetryMs = 30_000;

/**
 * Reads the whole receipts topic, read_committed, into the receipt book: every partition
 * from its log start, then whatever is committed after, outside any consumer group and
 * committing no offsets, so on restart it reads the window again. A failed read (a broker
 * gone, a leader moving) starts a new reader at once from the positions reached.
 */
export class ReceiptsReader {
  private readonly client: KafkaClient;
  private readonly admin: KafkaAdmin;
  private readonly topic: string;
  private readonly book: ReceiptBook;
  private readonly logger: Logger;
  private readonly positions = new Map<string, PartitionOffset>();
  private reader: PartitionReader | undefined;
  private reading: Promise<void> | undefined;
  private stopped = false;

  constructor(client: KafkaClient, admin: KafkaAdmin, topic: string, book: ReceiptBook, logger: Logger) {
    this.client = client;
    this.admin = admin;
    this.topic = topic;
    this.book = book;
    this.logger = logger;
  }

  async start(): Promise<void> {
    const deadline = Date.now() + startRetryMs;
    for (;;) {
      try {
        const [described] = await this.admin.describeTopics([this.topic]);
        const partitions = (described?.partitions ?? []).map(({ partition }) => ({
          topic: this.topic,
          partition,
        }));
        for (const start of await this.admin.listOffsets(partitions, "earliest")) {
          this.positions.set(partitionKey(start.topic, start.partition), start);
        }
        this.reader = await this.openReader();
        break;
      } catch (error) {
        // Leaders of a receipts topic created a moment ago may still be moving
        // (NOT_LEADER_OR_FOLLOWER from ListOffsets, seen with librdkafka and kafkajs alike).
        if (!(isKafkaError(error) && error.retriable) || Date.now() >= deadline) {
          throw kafkaFailure("starting the receipts reader", error);
        }
        this.logger.info({ err: error }, "the receipts topic is not ready yet; trying again");
        await sleep(restartDelayMs);
      }
    }
    this.reading = this.read();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.reading;
    try {
      await this.reader?.close();
    } catch (error) {
      this.logger.warn({ err: error }, "closing the receipts reader failed");
    }
  }

  private async openReader(): Promise<PartitionReader> {
    const reader = await this.client.reader({ isolation: "read_committed" });
    await reader.assign([...this.positions.values()]);
    return reader;
  }

  private async read(): Promise<void> {
    while (!this.stopped) {
      try {
        this.reader ??= await this.openReader();
        for (const batch of await this.reader.poll(pollWaitMs)) {
          for (const record of batch.records) this.apply(record.headers, record.value, record.offset);
          this.positions.set(partitionKey(batch.topic, batch.partition), {
            topic: batch.topic,
            partition: batch.partition,
            offset: batch.nextOffset,
          });
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn({ err: error }, "the receipts reader failed; reading on from where it was");
        const failed = this.reader;
        this.reader = undefined;
        await failed?.close().catch(() => undefined);
        await sleep(restartDelayMs);
      }
    }
  }

  private apply(headers: Parameters<typeof headerText>[0], value: Buffer | null, offset: bigint): void {
    // This process's own receipt, remembered when it committed: decoding it again
    // cost a measurable share of the gateway's CPU (docs/benchmarks.md).
    const receiptId = headerText(headers, receiptIdHeader);
    if (receiptId !== undefined && this.book.takeRemembered(receiptId)) return;
    const receipt = parseReceipt(value);
    if (receipt) this.book.apply(receipt);
    else
      this.logger.warn(
        { offset: String(offset) },
        "skipped a record of the receipts topic that is no receipt",
      );
  }
}
