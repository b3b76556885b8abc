import type { AdminFor, KafkaAdmin } from "@onceport/kafka";
import { isKafkaError, waitForTopicsOnEveryBroker } from "@onceport/kafka";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";

export interface ReceiptsTopicSettings {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
}

/** How long a new receipts topic may take to reach every broker. */
const topicVisibleTimeoutMs = 60_000;

/**
 * Creates the receipts topic unless it exists, and waits until every broker
 * knows it (`adminFor`: an admin client seeded with that one broker). It is a
 * time-retained log, not a compacted one: every receipt has its own content,
 * and keys are forgotten when the idempotency window passes.
 */
export async function ensureReceiptsTopic(
  admin: KafkaAdmin,
  settings: ReceiptsTopicSettings,
  logger: Logger,
  adminFor: AdminFor,
): Promise<void> {
  try {
    if (!(await admin.listTopics()).includes(settings.topic))
      await createReceiptsTopic(admin, settings, logger);
    else logger.info({ topic: settings.topic }, "receipts topic exists");
    // Also when it existed: another gateway may have created it a moment ago.
    const brokers = (await admin.describeCluster()).map((broker) => `${broker.host}:${broker.port}`);
    await waitForTopicsOnEveryBroker(brokers, [settings.topic], adminFor, topicVisibleTimeoutMs);
  } catch (error) {
    throw kafkaFailure(`creating the receipts topic ${settings.topic}`, error);
  }
}

async function createReceiptsTopic(
  admin: KafkaAdmin,
  settings: ReceiptsTopicSettings,
  logger: Logger,
): Promise<void> {
  try {
    await admin.createTopics([
      {
        topic: settings.topic,
        numPartitions: settings.partitions,
        replicationFactor: settings.replicationFactor,
        configs: { "cleanup.policy": "delete", "retention.ms": String(settings.retentionMs) },
      },
    ]);
    logger.info({ topic: settings.topic }, "created the receipts topic");
  } catch (error) {
    // Another gateway may create it at the same time.
    if (isKafkaError(error) && error.code === "TOPIC_ALREADY_EXISTS") {
      logger.info({ topic: settings.topic }, "receipts topic exists");
      return;
    }
    throw error;
  }
}
