// Regression: on the 3-broker cluster `onceport topics create` failed 6 times in 6 with
// "This server does not host this topic-partition": kafkajs's createTopics({ waitForLeaders:
// true }) asked a broker that had not applied the new topic yet. It now waits until every
// broker serves the topic (@onceport/kafka's waitForTopicsOnEveryBroker), whichever client
// library does the creating.
import { CLUSTER_BROKERS } from "@onceport/kafka-dev";
import { deleteTopics, uniqueTopicName, useClaimedCluster, withAdmin } from "@onceport/kafka-dev/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";

let releaseCluster: (() => Promise<void>) | undefined;

beforeAll(async () => {
  releaseCluster = await useClaimedCluster();
}, 900_000);

afterAll(async () => {
  await releaseCluster?.();
}, 120_000);

describe("onceport topics create on the 3-broker cluster", () => {
  it("answers only once every broker serves the new topics", async () => {
    // Three rounds of two topics: one success in six was what the old wait gave.
    const topics = Array.from({ length: 6 }, () => uniqueTopicName("cli-cluster"));
    try {
      for (let round = 0; round < 3; round++) {
        const names = topics.slice(round * 2, round * 2 + 2);
        const run = await runCli([
          "topics",
          "create",
          ...names,
          "--partitions",
          "6",
          "--replication-factor",
          "3",
          "--brokers",
          CLUSTER_BROKERS.join(","),
          "--json",
        ]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual(
          names.map((topic) => ({ topic, created: true, partitions: 6 })),
        );
        for (const broker of CLUSTER_BROKERS) expect(await partitionsLed(broker, names)).toEqual([6, 6]);
      }
    } finally {
      await deleteTopics(CLUSTER_BROKERS, topics).catch(() => {});
    }
  }, 300_000);
});

/** How many partitions of each topic have a leader, as this one broker says right now. */
async function partitionsLed(broker: string, topics: string[]): Promise<number[]> {
  return await withAdmin([broker], async (admin) => {
    const described = await admin.describeTopics(topics);
    return topics.map(
      (topic) =>
        described
          .find((entry) => entry.topic === topic)
          ?.partitions.filter((partition) => partition.leader >= 0).length ?? 0,
    );
  });
}
