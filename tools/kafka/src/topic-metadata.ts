// Waits until new topics are visible, with a leader for every partition, on EVERY broker.
// A client's own wait after creating topics may ask one broker, which fails with
// UNKNOWN_TOPIC_OR_PARTITION when that broker has not applied the new metadata yet (seen on
// the 3-node cluster); clients that bootstrap from a lagging broker would fail the same way.
import { setTimeout as sleep } from "node:timers/promises";
import { withAdmin } from "./dev-client.ts";

/** True when `address` itself reports every topic with a leader for each partition. */
async function brokerSeesTopics(address: string, topics: readonly string[]): Promise<boolean> {
  // A client with a single seed broker asks that seed for metadata.
  try {
    return await withAdmin(
      [address],
      async (admin) => {
        const described = await admin.describeTopics(topics);
        return topics.every((topic) => {
          const found = described.find((entry) => entry.topic === topic);
          return (
            found !== undefined && found.partitions.length > 0 && found.partitions.every((p) => p.leader >= 0)
          );
        });
      },
      "onceport-topic-wait",
    );
  } catch {
    return false; // not there yet (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, ...)
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
