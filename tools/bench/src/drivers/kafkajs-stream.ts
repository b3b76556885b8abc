import { performance } from "node:perf_hooks";
import { type Message, Partitioners } from "kafkajs";
import { RateMeter } from "../measure/rate-meter.ts";
import type { KafkajsStreamSpec, ThroughputResult } from "./driver-spec.ts";
import { directKafka, producerRetry, transactionalProducer } from "./kafka.ts";
import { throughput } from "./throughput.ts";
import { MeasureWindow, payload } from "./window.ts";

/**
 * A direct kafkajs producer sending as fast as Kafka takes it: chunk after
 * chunk, each chunk one sendBatch, in transactions of `transactionMs` (or none).
 * Records count when their transaction committed (or, with none, when acknowledged).
 */
export async function kafkajsStream(spec: KafkajsStreamSpec): Promise<ThroughputResult> {
  const kafka = directKafka(spec.brokers, spec.transactionalId);
  const producer =
    spec.transactionMs > 0
      ? transactionalProducer(kafka, spec.transactionalId, { retry: producerRetry })
      : kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
          retry: producerRetry,
        });
  await producer.connect();
  const value = payload(spec.recordBytes);
  // Null keys: the default partitioner spreads them over the partitions, as the gateway does.
  const messages: Message[] = Array.from({ length: spec.chunkRecords }, () => ({ value }));
  const topicMessages = [{ topic: spec.topic, messages }];

  const window = new MeasureWindow(spec);
  // One event per commit (or per acknowledged send): no grouping needed.
  const meter = new RateMeter(0);
  try {
    while (!window.over) {
      if (spec.transactionMs > 0) {
        const transaction = await producer.transaction();
        const opened = performance.now();
        let records = 0;
        do {
          await transaction.sendBatch({ topicMessages, acks: -1 });
          records += messages.length;
        } while (performance.now() - opened < spec.transactionMs);
        await transaction.commit();
        const now = performance.now();
        window.begin(now);
        if (window.contains(now)) meter.add(now, records);
      } else {
        await producer.sendBatch({ topicMessages, acks: -1 });
        const now = performance.now();
        window.begin(now);
        if (window.contains(now)) meter.add(now, messages.length);
      }
    }
  } finally {
    await producer.disconnect();
  }
  return throughput(meter, window, spec.recordBytes, 0);
}
