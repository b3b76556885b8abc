import { OnceportError } from "@onceport/errors";
import type { TopicCatalog } from "../kafka/topic-catalog.ts";
import type { PublishLimits } from "../publish/record-plan.ts";
import { checkTopicName } from "../publish/topic-name.ts";

/**
 * Checks topics a worker or a subscriber wants to read: at least one, each
 * existing and none internal (the receipts topic, Kafka's `__` topics).
 */
export async function checkInputTopics(
  topics: readonly string[],
  catalog: TopicCatalog,
  limits: PublishLimits,
): Promise<string[]> {
  const unique = [...new Set(topics)];
  if (unique.length === 0) throw new OnceportError("INVALID_ARGUMENT", "name at least one topic to read");
  for (const topic of unique) {
    checkTopicName(topic, "a topic to read");
    if (limits.forbiddenTopics.has(topic) || topic.startsWith("__")) {
      throw new OnceportError("PERMISSION_DENIED", `topic ${topic} is internal`);
    }
    await catalog.partitions(topic);
  }
  return unique;
}
