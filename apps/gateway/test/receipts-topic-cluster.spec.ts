// Regression (found by tools/faults): on the 3-broker cluster a gateway that created its own
// receipts topic failed to start 9 times in 10, "This server does not host this
// topic-partition": kafkajs's createTopics({ waitForLeaders: true }) asked a broker that had
// not applied the new topic yet. Gateways now wait until every broker knows it, whichever
// client library they run (@onceport/kafka's waitForTopicsOnEveryBroker).
import { CLUSTER_BROKERS } from "@onceport/kafka-dev";
import { createTopics, deleteTopics, uniqueTopicName, useClaimedCluster } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { record } from "./support/records.ts";
import { startTestGateway, type TestGateway, uniqueId } from "./support/test-gateway.ts";

let releaseCluster: (() => Promise<void>) | undefined;

beforeAll(async () => {
  releaseCluster = await useClaimedCluster();
}, 900_000);

afterAll(async () => {
  await releaseCluster?.();
}, 120_000);

describe("a gateway on the 3-broker cluster", () => {
  it("creates its receipts topic and starts, also with a second gateway starting beside it", async () => {
    const topic = uniqueTopicName("receipts-cluster-data");
    await createTopics(CLUSTER_BROKERS, [{ topic, numPartitions: 3, replicationFactor: 3 }]);
    const receiptsTopics: string[] = [];
    try {
      // Each round a new receipts topic: one failed start in 10 would pass three rounds
      // only by rare luck.
      for (let round = 0; round < 3; round++) {
        const receiptsTopic = uniqueTopicName("receipts-cluster");
        receiptsTopics.push(receiptsTopic);
        const flags = {
          brokers: CLUSTER_BROKERS.join(","),
          "receipts-topic": receiptsTopic,
          "receipts-replication-factor": "3",
        };
        const started = await Promise.allSettled([startTestGateway(flags), startTestGateway(flags)]);
        const gateways = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
        try {
          expect(started.filter((result) => result.status === "rejected")).toEqual([]);
          for (const [index, gateway] of gateways.entries()) await publishOne(gateway, topic, round, index);
        } finally {
          await Promise.all(gateways.map((gateway) => gateway.stop()));
        }
      }
    } finally {
      await deleteTopics(CLUSTER_BROKERS, [topic, ...receiptsTopics]).catch(() => {});
    }
  }, 300_000);
});

/** A publish with an idempotency key: the gateway writes its receipt to the new topic. */
async function publishOne(gateway: TestGateway, topic: string, round: number, index: number): Promise<void> {
  const { sessionId } = await gateway.client.call("openSession", { clientId: uniqueId("receipts-cluster") });
  const answer = await gateway.client.call("publish", {
    sessionId,
    idempotencyKey: uniqueId("key"),
    records: [record(topic, `r${round}-g${index}`)],
  });
  expect(answer.results).toHaveLength(1);
}
