import type { Message } from "kafkajs";
import type { KafkajsUnarySpec, LatencyResult } from "./driver-spec.ts";
import { directKafka, producerRetry, transactionalProducer } from "./kafka.ts";
import { unaryLoad } from "./unary-load.ts";
import { payload } from "./window.ts";

/**
 * The baseline of an atomic publish: one kafkajs transaction (begin,
 * sendBatch, commit) per publish, one at a time per producer, as a careful
 * application would write it (and as the gateway does per session).
 */
export async function kafkajsUnary(spec: KafkajsUnarySpec): Promise<LatencyResult> {
  const kafka = directKafka(spec.brokers, spec.transactionalId);
  const producer = transactionalProducer(kafka, spec.transactionalId, { retry: producerRetry });
  await producer.connect();
  const value = payload(spec.recordBytes);
  const messages: Message[] = Array.from({ length: spec.recordsPerPublish }, () => ({ value }));
  let tail: Promise<unknown> = Promise.resolve();
  const oneTransaction = async (): Promise<void> => {
    const transaction = await producer.transaction();
    try {
      await transaction.sendBatch({ topicMessages: [{ topic: spec.topic, messages }], acks: -1 });
    } catch (error) {
      await transaction.abort();
      throw error;
    }
    await transaction.commit();
  };
  try {
    return await unaryLoad(spec, spec.ratePerSec, () => {
      // kafkajs allows one transaction at a time: queue them, as the gateway's session does.
      const result = tail.then(oneTransaction);
      tail = result.catch(() => {});
      return result;
    });
  } finally {
    await producer.disconnect();
  }
}
