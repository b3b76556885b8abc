// Proves the broker is a real Kafka with transactions: read_committed readers see committed
// transactions only, while read_uncommitted readers also see the aborted records (which shows
// that this test would fail if isolation were not enforced).
import type { Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_BROKERS } from "./layouts.ts";
import {
  createKafka,
  createTopics,
  readCommitted,
  readUncommitted,
  transactionalProducer,
  uniqueTopicName,
  uniqueTransactionalId,
} from "./testing.ts";

const brokers = LOCAL_BROKERS;
const PARTITIONS = [0, 1];

const producers: Producer[] = [];
afterEach(async () => {
  await Promise.all(producers.splice(0).map((producer) => producer.disconnect()));
});

async function connectedProducer(): Promise<Producer> {
  const producer = transactionalProducer(createKafka(brokers), uniqueTransactionalId("txn-test"));
  producers.push(producer);
  await producer.connect();
  return producer;
}

/** Two records per partition of each topic, values naming their origin so sets compare exactly. */
function batch(topics: readonly string[], label: string) {
  return topics.map((topic) => ({
    topic,
    messages: PARTITIONS.flatMap((partition) =>
      [0, 1].map((index) => ({
        partition,
        key: `k${index}`,
        value: `${label}|${topic}|${partition}|${index}`,
      })),
    ),
  }));
}

const valuesOf = (topicMessages: ReturnType<typeof batch>) =>
  topicMessages.flatMap(({ messages }) => messages.map((message) => message.value)).sort();

describe("transactions on the local broker", () => {
  it("read_committed sees exactly the committed transaction; read_uncommitted also the aborted one", async () => {
    const topics = [uniqueTopicName("txn-a"), uniqueTopicName("txn-b")];
    await createTopics(
      brokers,
      topics.map((topic) => ({ topic, numPartitions: PARTITIONS.length })),
    );
    const producer = await connectedProducer();

    const committed = batch(topics, "committed");
    const committedTxn = await producer.transaction();
    await committedTxn.sendBatch({ topicMessages: committed });
    await committedTxn.commit();

    const aborted = batch(topics, "aborted");
    const abortedTxn = await producer.transaction();
    await abortedTxn.sendBatch({ topicMessages: aborted });
    await abortedTxn.abort();

    const readByCommitted = await readCommitted(brokers, topics, {
      expectedCount: valuesOf(committed).length,
    });
    expect(readByCommitted.map((record) => record.value).sort()).toEqual(valuesOf(committed));
    // Each record landed in the partition it was sent to (the value names it).
    for (const record of readByCommitted) {
      expect(record.value).toBe(`committed|${record.topic}|${record.partition}|${record.key?.slice(1)}`);
    }

    const all = [...valuesOf(committed), ...valuesOf(aborted)].sort();
    const readByUncommitted = await readUncommitted(brokers, topics, { expectedCount: all.length });
    expect(readByUncommitted.map((record) => record.value).sort()).toEqual(all);
    // The commit marker of the first transaction takes offset 2 in every partition: the
    // aborted records follow it at offsets 3 and 4. Only a real transaction log does that.
    for (const record of readByUncommitted.filter((r) => r.value?.startsWith("aborted|"))) {
      expect(["3", "4"]).toContain(record.offset);
    }
  });

  it("read_committed does not see an open transaction until it commits", async () => {
    const topic = uniqueTopicName("txn-open");
    await createTopics(brokers, [{ topic, numPartitions: 1 }]);
    const producer = await connectedProducer();
    const values = ["open-1", "open-2", "open-3"];

    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: values.map((value) => ({ value })) });

    expect(await readCommitted(brokers, [topic], { idleMs: 1500 })).toEqual([]);
    const uncommitted = await readUncommitted(brokers, [topic], { expectedCount: values.length });
    expect(uncommitted.map((record) => record.value)).toEqual(values);

    await transaction.commit();
    const committed = await readCommitted(brokers, [topic], { expectedCount: values.length });
    expect(committed.map((record) => record.value)).toEqual(values);
  });
});
