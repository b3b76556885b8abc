// Proves zombie fencing: a second producer with the same transactional.id bumps the epoch,
// the first one's open transaction is aborted and its commit rejected, and its records never
// become visible to read_committed readers.
import type { Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_BROKERS } from "./layouts.ts";
import {
  createKafka,
  createTopics,
  protocolErrorType,
  readCommitted,
  readUncommitted,
  transactionalProducer,
  uniqueTopicName,
  uniqueTransactionalId,
} from "./testing.ts";

const brokers = LOCAL_BROKERS;

const producers: Producer[] = [];
afterEach(async () => {
  await Promise.all(producers.splice(0).map((producer) => producer.disconnect()));
});

async function connectedProducer(transactionalId: string): Promise<Producer> {
  const producer = transactionalProducer(createKafka(brokers), transactionalId);
  producers.push(producer);
  await producer.connect();
  return producer;
}

describe("fencing on the local broker", () => {
  it("a second producer with the same transactional.id fences the first", async () => {
    const topic = uniqueTopicName("fence");
    await createTopics(brokers, [{ topic, numPartitions: 2 }]);
    const transactionalId = uniqueTransactionalId("fence");

    const producerA = await connectedProducer(transactionalId);
    const transactionA = await producerA.transaction();
    await transactionA.send({
      topic,
      messages: [
        { partition: 0, value: "A-0" },
        { partition: 1, value: "A-1" },
      ],
    });

    // transaction() runs InitProducerId for B: the epoch is bumped, A's transaction aborted.
    const producerB = await connectedProducer(transactionalId);
    const transactionB = await producerB.transaction();

    const commitError = await transactionA.commit().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(commitError, "the zombie's commit must fail").toBeInstanceOf(Error);
    // Kafka 3.9 answers EndTxn v1 (what kafkajs sends) with INVALID_PRODUCER_EPOCH; newer
    // request versions would get PRODUCER_FENCED.
    expect(["INVALID_PRODUCER_EPOCH", "PRODUCER_FENCED"]).toContain(protocolErrorType(commitError));

    await transactionB.send({
      topic,
      messages: [
        { partition: 0, value: "B-0" },
        { partition: 1, value: "B-1" },
      ],
    });
    await transactionB.commit();

    const committed = await readCommitted(brokers, [topic], { expectedCount: 2 });
    expect(committed.map((record) => record.value).sort()).toEqual(["B-0", "B-1"]);
    // A's records did reach the log (aborted): the read_committed result above is isolation at work.
    const everything = await readUncommitted(brokers, [topic], { expectedCount: 4 });
    expect(everything.map((record) => record.value).sort()).toEqual(["A-0", "A-1", "B-0", "B-1"]);
  });

  it("the fenced producer cannot start another transaction that commits", async () => {
    const topic = uniqueTopicName("fence-again");
    await createTopics(brokers, [{ topic, numPartitions: 1 }]);
    const transactionalId = uniqueTransactionalId("fence-again");

    const producerA = await connectedProducer(transactionalId);
    const first = await producerA.transaction();
    await first.send({ topic, messages: [{ value: "A-committed" }] });
    await first.commit();

    const producerB = await connectedProducer(transactionalId);
    await (await producerB.transaction()).abort();

    // A still believes its old epoch is valid; the broker rejects its next write.
    const second = await producerA.transaction();
    const sendError = await second.send({ topic, messages: [{ value: "A-zombie" }] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const commitError = sendError
      ? undefined
      : await second.commit().then(
          () => undefined,
          (e: unknown) => e,
        );
    expect(protocolErrorType(sendError ?? commitError)).toMatch(/^(INVALID_PRODUCER_EPOCH|PRODUCER_FENCED)$/);

    const committed = await readCommitted(brokers, [topic], { expectedCount: 1, idleMs: 1500 });
    expect(committed.map((record) => record.value)).toEqual(["A-committed"]);
  });
});
