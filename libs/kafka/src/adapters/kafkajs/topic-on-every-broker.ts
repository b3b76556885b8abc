import { setTimeout as sleep } from "node:timers/promises";
import type { Admin } from "kafkajs";

/**
 * Waits until every live broker knows `topic`, with a leader for each partition.
 *
 * kafkajs's `createTopics({ waitForLeaders: true })` asks one broker once the topic is
 * created and gives up with UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this
 * topic-partition") when that broker has not applied the new topic yet, which on a KRaft
 * cluster of several brokers is the usual case right after the create (a gateway creating
 * its receipts topic on the 3-broker cluster failed to start 9 times in 10, found by
 * tools/faults; `onceport topics create` failed 6 times in 6). And clients may ask any
 * broker next, so one broker knowing the topic is not enough. Create with
 * `waitForLeaders: false`, then wait with this.
 *
 * `adminFor` gives an admin client whose only seed is that broker: its metadata requests
 * go there. A broker that cannot be reached at all is not waited for (it is going away, or
 * will learn the topic before it serves again).
 */
export async function waitForTopicOnEveryBroker(
  admin: Admin,
  topic: string,
  adminFor: (address: string) => Admin,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { brokers } = await admin.describeCluster();
  const pending = new Set(brokers.map((broker) => `${broker.host}:${broker.port}`));
  for (;;) {
    for (const address of [...pending]) {
      const answer = await brokerKnows(adminFor(address), topic);
      if (answer !== "not yet") pending.delete(address);
    }
    if (pending.size === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `topic ${topic} not known, with a leader for every partition, to ${[...pending].join(", ")} after ${timeoutMs} ms`,
      );
    }
    await sleep(200);
  }
}

async function brokerKnows(admin: Admin, topic: string): Promise<"yes" | "not yet" | "unreachable"> {
  try {
    await admin.connect();
  } catch {
    return "unreachable";
  }
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = topics.find((entry) => entry.name === topic)?.partitions ?? [];
    return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0)
      ? "yes"
      : "not yet";
  } catch {
    return "not yet"; // UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE: it has not applied the topic
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
