import { randomUUID } from "node:crypto";
import type { Consumer, Kafka } from "kafkajs";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";
import type { ReceiptBook } from "./receipt-book.ts";
import { parseReceipt, receiptIdOf } from "./receipt-record.ts";

/**
 * Reads the whole receipts topic, read_committed, into the receipt book. Each
 * gateway process has its own consumer group, so each reads every partition,
 * and it commits no offsets: on restart it reads the window again.
 */
export class ReceiptsReader {
  private readonly consumer: Consumer;

  private readonly topic: string;
  private readonly book: ReceiptBook;
  private readonly logger: Logger;

  constructor(kafka: Kafka, topic: string, book: ReceiptBook, logger: Logger) {
    this.topic = topic;
    this.book = book;
    this.logger = logger;
    this.consumer = kafka.consumer({
      groupId: `onceport-receipts-reader-${randomUUID()}`,
      readUncommitted: false,
      // A waiting session is woken by the first fetch after its marker commits.
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
    });
  }

  async start(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
      const joined = new Promise<void>((resolve) => {
        const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await this.consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          // This process's own receipt, remembered when it committed: decoding it again
          // cost a measurable share of the gateway's CPU (docs/benchmarks.md).
          const receiptId = receiptIdOf(message.headers);
          if (receiptId !== undefined && this.book.takeRemembered(receiptId)) return;
          const receipt = parseReceipt(message.value);
          if (receipt) this.book.apply(receipt);
          else
            this.logger.warn(
              { offset: message.offset },
              "skipped a record of the receipts topic that is no receipt",
            );
        },
      });
      await joined;
    } catch (error) {
      throw kafkaFailure("starting the receipts reader", error);
    }
  }

  async stop(): Promise<void> {
    try {
      await this.consumer.disconnect();
    } catch (error) {
      this.logger.warn({ err: error }, "receipts reader disconnect failed");
    }
  }
}
