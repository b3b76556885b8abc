// The Process scenario's input, written while the workers run (a live pipeline, not a backlog
// drained in seconds): an idempotent kafkajs producer, straight to Kafka, paced to last about
// as long as the scenario's load. Record i goes to partition i % partitions with value "<i>".
import { setTimeout as sleep } from "node:timers/promises";
import { createKafka } from "@onceport/kafka-dev/testing";
import { Partitioners } from "kafkajs";

export class InputFeeder {
  /** Records written so far. */
  written = 0;
  private stopped = false;
  private readonly options: {
    readonly brokers: readonly string[];
    readonly topic: string;
    readonly partitions: number;
    readonly count: number;
    readonly durationMs: number;
  };

  constructor(options: InputFeeder["options"]) {
    this.options = options;
  }

  /** Writes every record; resolves when all are acknowledged by Kafka. */
  async run(): Promise<void> {
    const { brokers, topic, partitions, count, durationMs } = this.options;
    const producer = createKafka(brokers, "onceport-faults-feeder", {
      retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 3_000 },
    }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const started = Date.now();
    const batch = Math.max(1, Math.ceil(count / (durationMs / 100))); // a batch every 100 ms
    try {
      while (this.written < count && !this.stopped) {
        const messages = [];
        for (let i = this.written; i < Math.min(count, this.written + batch); i++) {
          messages.push({ value: String(i), partition: i % partitions });
        }
        await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
        this.written += messages.length;
        const due = started + (this.written / count) * durationMs;
        if (due > Date.now()) await sleep(due - Date.now());
      }
    } finally {
      await producer.disconnect();
    }
  }

  stop(): void {
    this.stopped = true;
  }
}
