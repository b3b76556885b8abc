// kafkajs 2.2.4's read_committed filter passes on records of an aborted transaction when
// transactions end out of the order they began (see libs/kafkajs-compat, read-committed.ts).
// createKafka applies the fix; this shows, on the real broker, that a reader then sees no
// aborted record: producer A begins, producer B begins, B aborts, A aborts.
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
const producers: Producer[] = [];
afterEach(async () => {
  await Promise.all(producers.splice(0).map((producer) => producer.disconnect()));
});

async function connectedProducer(): Promise<Producer> {
  const producer = transactionalProducer(createKafka(brokers), uniqueTransactionalId("out-of-order"));
  producers.push(producer);
  await producer.connect();
  return producer;
}

describe("read_committed through kafkajs", () => {
  it("sees no record of transactions aborted in another order than they began", async () => {
    const topic = uniqueTopicName("abort-order");
    await createTopics(brokers, [{ topic }]);
    const [a, b, c] = [await connectedProducer(), await connectedProducer(), await connectedProducer()];
    const first = await a.transaction();
    await first.send({ topic, messages: [{ value: "a-aborted", partition: 0 }] });
    const second = await b.transaction();
    await second.send({ topic, messages: [{ value: "b-aborted", partition: 0 }] });
    await second.abort(); // ends first, though it began second
    await first.abort();
    const third = await c.transaction();
    await third.send({ topic, messages: [{ value: "c-committed", partition: 0 }] });
    await third.commit();

    const everything = await readUncommitted(brokers, [topic], { expectedCount: 3 });
    expect(everything.map((record) => record.value)).toEqual(["a-aborted", "b-aborted", "c-committed"]);
    const committed = await readCommitted(brokers, [topic], { expectedCount: 1 });
    expect(committed.map((record) => record.value)).toEqual(["c-committed"]);
  });
});
