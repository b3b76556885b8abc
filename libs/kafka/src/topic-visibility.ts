// Waits until topics are known, with a leader for every partition, to EVERY broker. A client's
// own wait after creating topics may ask one broker, and on a KRaft cluster of several
// brokers the others apply the new topic a moment later: a gateway creating its receipts
// topic on the 3-broker cluster failed to start 9 times in 10, and clients that bootstrap
// from a lagging broker fail the same way. A broker that cannot be reached at all is not
// waited for (it is going away, or will learn the topic before it serves again).
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaAdmin } from "./admin.ts";

/** An admin client whose only seed broker is `address`, so its metadata requests go there. */
export type AdminFor = (address: string) => Promise<KafkaAdmin>;

export async function waitForTopicsOnEveryBroker(
  addresses: readonly string[],
  topics: readonly string[],
  adminFor: AdminFor,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(addresses);
  for (;;) {
    for (const address of [...pending]) {
      if ((await brokerKnows(adminFor, address, topics)) !== "not yet") pending.delete(address);
    }
    if (pending.size === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `topic(s) ${topics.join(", ")} not known, with a leader for every partition, to ${[...pending].join(", ")} after ${timeoutMs} ms`,
      );
    }
    await sleep(200);
  }
}

async function brokerKnows(
  adminFor: AdminFor,
  address: string,
  topics: readonly string[],
): Promise<"yes" | "not yet" | "unreachable"> {
  let admin: KafkaAdmin;
  try {
    admin = await adminFor(address);
  } catch {
    return "unreachable";
  }
  try {
    const described = await admin.describeTopics(topics);
    return topics.every((topic) => {
      const partitions = described.find((entry) => entry.topic === topic)?.partitions ?? [];
      return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
    })
      ? "yes"
      : "not yet";
  } catch {
    return "not yet"; // unknown topic, no leader yet: it has not applied the topic
  } finally {
    await admin.close().catch(() => undefined);
  }
}
