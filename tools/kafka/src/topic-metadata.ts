// Waits until new topics are visible, with a leader for every partition, on EVERY given broker
// (@onceport/kafka's waitForTopicsOnEveryBroker, each broker asked by a client seeded with it).
import { waitForTopicsOnEveryBroker } from "@onceport/kafka";
import { devKafkaClient } from "./dev-client.ts";

export async function waitForTopicsOnAllBrokers(
  addresses: readonly string[],
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  await waitForTopicsOnEveryBroker(
    addresses,
    topics,
    async (address) => (await devKafkaClient([address], "onceport-topic-wait")).admin(),
    timeoutMs,
  );
}
