import type { RecordMetadata, Transaction } from "kafkajs";
import { describe, expect, it } from "vitest";
import { type ClientProducer, ProducerTransaction, producerRetry } from "./client-producer.ts";

/** The waits kafkajs's retrier makes with these settings, without its ±20% jitter. */
function waits(retry: typeof producerRetry): number[] {
  return Array.from({ length: retry.retries }, (_, attempt) =>
    Math.min(retry.initialRetryTime * 2 ** attempt, retry.maxRetryTime),
  );
}

describe("producerRetry", () => {
  it("retries soon after a commit (CONCURRENT_TRANSACTIONS lasts milliseconds), as Kafka's Java producer does", () => {
    expect(waits(producerRetry)[0]).toBeLessThanOrEqual(20);
  });

  it("still rides out a broker's few-seconds outage before giving up", () => {
    const total = waits(producerRetry).reduce((sum, wait) => sum + wait, 0);
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});

describe("ProducerTransaction.send", () => {
  it("sends one partition per sendBatch, one after another (kafkajs may write twice across brokers)", async () => {
    const calls: { topic: string; partitions: (number | undefined)[] }[][] = [];
    let inFlight = 0;
    const transaction = {
      sendBatch: async ({
        topicMessages,
      }: {
        topicMessages: { topic: string; messages: { partition?: number }[] }[];
      }) => {
        inFlight++;
        expect(inFlight).toBe(1);
        calls.push(
          topicMessages.map(({ topic, messages }) => ({
            topic,
            partitions: messages.map((m) => m.partition),
          })),
        );
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return topicMessages.map(
          ({ topic, messages }): RecordMetadata => ({
            topicName: topic,
            partition: messages[0]?.partition ?? 0,
            errorCode: 0,
            baseOffset: String(10 * calls.length),
          }),
        );
      },
    } as unknown as Transaction;
    const owner = {
      failure: (_what: string, error: unknown) => error,
      maxBatchBytes: 1_000_000,
    } as unknown as ClientProducer;
    const sent = await new ProducerTransaction(transaction, owner).send([
      {
        topic: "t",
        messages: [
          { value: "0", partition: 0 },
          { value: "1", partition: 1 },
          { value: "0'", partition: 0 },
        ],
      },
      { topic: "r", messages: [{ value: "receipt" }] },
    ]);
    expect(calls).toEqual([
      [{ topic: "t", partitions: [0, 0] }],
      [{ topic: "t", partitions: [1] }],
      [{ topic: "r", partitions: [undefined] }],
    ]);
    expect(sent).toEqual([
      { topic: "t", partition: 0, baseOffset: 10n, count: 2 },
      { topic: "t", partition: 1, baseOffset: 20n, count: 1 },
      { topic: "r", partition: 0, baseOffset: 30n, count: 1 },
    ]);
  });
});
