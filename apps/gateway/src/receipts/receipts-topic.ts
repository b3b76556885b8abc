import { waitForTopicOnEveryBroker } from "@onceport/kafkajs-compat";
import type { Admin } from "kafkajs";
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
  admin: Admin,
  settings: ReceiptsTopicSettings,
  logger: Logger,
  adminFor: (address: string) => Admin,
): Promise<void> {
  try {
    if (!(await admin.listTopics()).includes(settings.topic))
      await createReceiptsTopic(admin, settings, logger);
    else logger.info({ topic: settings.topic }, "receipts topic exists");
    // Also when it existed: another gateway may have created it a moment ago.
    await waitForTopicOnEveryBroker(admin, settings.topic, adminFor, topicVisibleTimeoutMs);
  } catch (error) {
    throw kafkaFailure(`creating the receipts topic ${settings.topic}`, error);
  }
}

async function createReceiptsTopic(
  admin: Admin,
  settings: ReceiptsTopicSettings,
  logger: Logger,
): Promise<void> {
  // Another gateway may create it at the same time: createTopics then answers false.
  const created = await admin.createTopics({
    // kafkajs's own wait asks one broker and fails while it lags (waitForTopicOnEveryBroker).
    waitForLeaders: false,
    topics: [
      {
        topic: settings.topic,
        numPartitions: settings.partitions,
        replicationFactor: settings.replicationFactor,
        configEntries: [
          { name: "cleanup.policy", value: "delete" },
          { name: "retention.ms", value: String(settings.retentionMs) },
        ],
      },
    ],
  });
  logger.info(
    { topic: settings.topic, created },
    created ? "created the receipts topic" : "receipts topic exists",
  );
}
