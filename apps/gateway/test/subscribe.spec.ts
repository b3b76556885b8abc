import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ServiceError } from "@grpc/grpc-js";
import {
  type ConsumedRecord,
  ServiceClient,
  type SubscribeRequestSchema,
  type SubscribeResponse,
  SubscribeService,
} from "@onceport/api";
import { fromGrpcError } from "@onceport/errors";
import type { KafkaTransaction, TransactionalProducer } from "@onceport/kafka";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import {
  createTopics,
  devKafkaClient,
  readCommitted,
  uniqueTopicName,
  uniqueTransactionalId,
} from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./support/test-gateway.ts";

type SubscribeInit = MessageInitShape<typeof SubscribeRequestSchema>;

/** Writes text values, each to its partition, in the open transaction. */
async function sendValues(
  transaction: KafkaTransaction,
  topic: string,
  values: readonly { value: string; partition: number }[],
): Promise<void> {
  const partitions = [...new Set(values.map((entry) => entry.partition))];
  await transaction.send(
    partitions.map((partition) => ({
      topic,
      partition,
      records: values
        .filter((entry) => entry.partition === partition)
        .map((entry) => ({ key: null, value: Buffer.from(entry.value), headers: [] })),
    })),
  );
}
type Subscriber = ServiceClient<typeof SubscribeService>;

interface Reading {
  readonly records: ConsumedRecord[];
  /** The token of the last response read. */
  readonly position: string;
}

/** Reads until `enough` holds, then cancels; the records and token of every response read before. */
function readUntil(
  client: Subscriber,
  request: SubscribeInit,
  enough: (records: ConsumedRecord[]) => boolean,
) {
  const call = client.serverStream("subscribe", request);
  const records: ConsumedRecord[] = [];
  let position = "";
  let done = false;
  return new Promise<Reading>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read only ${records.length} records`)), 30_000);
    call.on("data", (response: SubscribeResponse) => {
      if (done) return;
      records.push(...response.records);
      position = response.position;
      if (enough(records)) {
        done = true;
        clearTimeout(timer);
        call.cancel();
        resolve({ records, position });
      }
    });
    call.on("error", (error: ServiceError) => {
      clearTimeout(timer);
      if (!done) reject(fromGrpcError(error));
    });
  });
}

const textOf = (record: ConsumedRecord) => Buffer.from(record.value).toString();

describe("Subscribe (real broker)", () => {
  let test: TestGateway;
  let client: Subscriber;
  let producer: TransactionalProducer;

  beforeAll(async () => {
    test = await startTestGateway();
    client = new ServiceClient(SubscribeService, test.gateway.address);
    producer = await (
      await devKafkaClient(LOCAL_BROKERS, "subscribe-test", "producer")
    ).transactionalProducer({
      transactionalId: uniqueTransactionalId("subscribe"),
      transactionTimeoutMs: 30_000,
    });
  });
  afterAll(async () => {
    client?.close();
    await producer?.close();
    await test?.stop();
  });

  it("never shows aborted records, and a resume from a position token delivers the rest without a gap", async () => {
    const topic = uniqueTopicName("subscribe");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const committed: string[] = [];
    let next = 0;
    /** One transaction of 60 records over both partitions, committed ("c<n>") or aborted ("a<n>"). */
    const transaction = async (commit: boolean) => {
      const values = Array.from({ length: 60 }, () => `${commit ? "c" : "a"}${next++}`);
      const open = await producer.begin();
      await sendValues(
        open,
        topic,
        values.map((value, i) => ({ value, partition: i % 2 })),
      );
      if (commit) {
        await open.commit();
        committed.push(...values);
      } else {
        await open.abort();
      }
    };
    for (const commit of [true, false, true, false, true]) await transaction(commit);

    const first = await readUntil(client, { topics: [topic] }, (records) => records.length >= 70);
    // Records arrive a partition batch at a time: the reader stopped mid-way.
    expect(first.records.length).toBeLessThan(committed.length);

    // More is written while nobody reads, aborted data again among it.
    for (const commit of [false, true]) await transaction(commit);
    const rest = committed.length - first.records.length;
    const second = await readUntil(
      client,
      { topics: [topic], position: first.position },
      (records) => records.length >= rest,
    );

    const seen = [...first.records, ...second.records].map(textOf);
    expect(seen.filter((value) => value.startsWith("a"))).toEqual([]);
    expect([...seen].sort()).toEqual([...committed].sort());
    // Per partition, in offset order.
    for (const partition of [0, 1]) {
      const offsets = [...first.records, ...second.records]
        .filter((record) => record.partition === partition)
        .map((record) => record.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    }
  });

  it("tells a start at the latest offsets its position at once, so a resume from it misses nothing", async () => {
    const topic = uniqueTopicName("subscribe-latest-position");
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 2 }]);
    const old = await producer.begin();
    await sendValues(old, topic, [{ value: "before", partition: 0 }]);
    await old.commit();
    // Committed once its marker is written, which may come just after commit() returns.
    await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    // The first answer: no records, the position; the reader drops right after it.
    const first = await readUntil(client, { topics: [topic], startAtLatest: true }, () => true);
    expect(first.records).toEqual([]);
    expect(first.position).toMatch(/^p1\./);
    // Committed while no one reads: a fresh start at the latest offsets would miss it.
    const meanwhile = await producer.begin();
    await sendValues(meanwhile, topic, [{ value: "meanwhile", partition: 1 }]);
    await meanwhile.commit();
    const resumed = await readUntil(
      client,
      { topics: [topic], position: first.position, startAtLatest: true },
      (records) => records.length >= 1,
    );
    expect(resumed.records.map(textOf)).toEqual(["meanwhile"]);
  });

  it("starts at the end when asked, and refuses unknown topics and foreign or malformed positions", async () => {
    const topic = uniqueTopicName("subscribe-latest");
    await createTopics(LOCAL_BROKERS, [{ topic }]);
    const old = await producer.begin();
    await sendValues(old, topic, [{ value: "old", partition: 0 }]);
    await old.commit();
    // Committed once its marker is written, which may come just after commit() returns.
    await readCommitted(LOCAL_BROKERS, [topic], { expectedCount: 1 });
    const reading = readUntil(
      client,
      { topics: [topic], startAtLatest: true },
      (records) => records.length >= 1,
    );
    // Written once the subscription is in place (it joins its group first).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const fresh = await producer.begin();
    await sendValues(fresh, topic, [{ value: "new", partition: 0 }]);
    await fresh.commit();
    expect((await reading).records.map(textOf)).toEqual(["new"]);

    await expect(
      readUntil(client, { topics: [uniqueTopicName("missing")] }, () => true),
    ).rejects.toMatchObject({
      reason: "TOPIC_NOT_FOUND",
    });
    await expect(readUntil(client, { topics: [topic], position: "p1.@@" }, () => true)).rejects.toMatchObject(
      {
        reason: "INVALID_ARGUMENT",
      },
    );
    const { position } = await reading;
    const other = uniqueTopicName("subscribe-other");
    await createTopics(LOCAL_BROKERS, [{ topic: other }]);
    await expect(readUntil(client, { topics: [other], position }, () => true)).rejects.toMatchObject({
      reason: "INVALID_ARGUMENT",
    });
  });
});
