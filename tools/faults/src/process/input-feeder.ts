// The Process scenario's input, written while the workers run (a live pipeline, not a backlog
// drained in seconds): straight to Kafka through the seam, a committed transaction every
// 100 ms, paced to last about as long as the scenario's load. Record i goes to partition
// i % partitions with value "<i>"; `inputs` says where each landed (the commit markers
// between transactions take offsets too).
import { setTimeout as sleep } from "node:timers/promises";
import type { OutgoingRecord, PartitionRecords } from "@onceport/kafka";
import { devKafkaClient, uniqueTransactionalId } from "@onceport/kafka-dev/testing";
import { InputOffsets } from "./input-offsets.ts";

export class InputFeeder {
  /** Records written (committed) so far. */
  written = 0;
  readonly inputs = new InputOffsets();
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

  /** Writes every record; resolves when all are committed. */
  async run(): Promise<void> {
    const { brokers, topic, partitions, count, durationMs } = this.options;
    const client = await devKafkaClient(brokers, "onceport-faults-feeder", "producer");
    const producer = await client.transactionalProducer({
      transactionalId: uniqueTransactionalId("faults-feeder"),
      transactionTimeoutMs: 60_000,
    });
    const started = Date.now();
    const batch = Math.max(1, Math.ceil(count / (durationMs / 100))); // a transaction every 100 ms
    try {
      await producer.init();
      while (this.written < count && !this.stopped) {
        const end = Math.min(count, this.written + batch);
        const transaction = await producer.begin();
        const sent = await transaction.send(this.recordsOf(topic, partitions, this.written, end));
        await transaction.commit();
        for (const landed of sent) this.inputs.add(landed.partition, Number(landed.baseOffset), landed.count);
        this.written = end;
        const due = started + (this.written / count) * durationMs;
        if (due > Date.now()) await sleep(due - Date.now());
      }
    } finally {
      await producer.close();
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /** Records from..to - 1, each partition's in their order. */
  private recordsOf(topic: string, partitions: number, from: number, to: number): PartitionRecords[] {
    const byPartition = Array.from({ length: partitions }, () => [] as OutgoingRecord[]);
    for (let i = from; i < to; i++) {
      byPartition[i % partitions]?.push({ key: null, value: Buffer.from(String(i)), headers: [] });
    }
    return byPartition
      .map((records, partition) => ({ topic, partition, records }))
      .filter((entry) => entry.records.length > 0);
  }
}
