// Topic set-up for tests. Auto-creation is off on our brokers, so tests create what they use.
import { withAdmin } from "./dev-client.ts";
import { waitForTopicsOnAllBrokers } from "./topic-metadata.ts";
import { uniqueName } from "./unique-name.ts";

/** A topic name with a random suffix, so that tests never share data, even across runs. */
export function uniqueTopicName(prefix = "test"): string {
  return uniqueName(prefix);
}

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions?: number;
  /** Defaults to the broker's default.replication.factor (1 single, 3 cluster). */
  readonly replicationFactor?: number;
  readonly configEntries?: readonly { name: string; value: string }[];
}

/**
 * Creates the topics and waits until every given broker reports a leader for every partition.
 * Pass all brokers of the cluster. Fails if a topic exists already.
 */
export async function createTopics(brokers: readonly string[], topics: readonly TopicSpec[]): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    await admin.createTopics(
      topics.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.numPartitions ?? 1,
        ...(spec.replicationFactor === undefined ? {} : { replicationFactor: spec.replicationFactor }),
        configs: Object.fromEntries((spec.configEntries ?? []).map(({ name, value }) => [name, value])),
      })),
    );
  });
  await waitForTopicsOnAllBrokers(
    brokers,
    topics.map((spec) => spec.topic),
  );
}

export async function deleteTopics(brokers: readonly string[], topics: readonly string[]): Promise<void> {
  await withAdmin(brokers, (admin) => admin.deleteTopics(topics));
}
