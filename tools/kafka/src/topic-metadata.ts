// Waits until new topics are visible, with a leader for every partition, on EVERY broker.
// kafkajs' own `createTopics({ waitForLeaders: true })` asks one random broker and fails with
// UNKNOWN_TOPIC_OR_PARTITION when that broker has not applied the new metadata yet (seen on
// the 3-node cluster); clients that bootstrap from a lagging broker would fail the same way.
import { setTimeout as sleep } from "node:timers/promises";
import { createKafka } from "./kafka-client.ts";

/** True when `address` itself reports every topic with a leader for each partition. */
async function brokerSeesTopics(address: string, topics: readonly string[]): Promise<boolean> {
  // A fresh client with a single seed broker sends its first metadata request to that seed.
  const admin = createKafka([address], "onceport-topic-wait", {
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return topics.every((topic) => {
      const found = metadata.topics.find((entry) => entry.name === topic);
      return (
        found !== undefined && found.partitions.length > 0 && found.partitions.every((p) => p.leader >= 0)
      );
    });
  } catch {
    return false; // not there yet (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, ...)
  } finally {
    await admin.disconnect();
  }
}

export async function waitForTopicsOnAllBrokers(
  addresses: readonly string[],
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(addresses);
  while (pending.size > 0) {
    for (const address of [...pending]) if (await brokerSeesTopics(address, topics)) pending.delete(address);
    if (pending.size === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(`topic(s) ${topics.join(", ")} not visible with leaders on ${[...pending].join(", ")}`);
    }
    await sleep(200);
  }
}
