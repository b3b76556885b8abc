import type { Admin } from "kafkajs";
import { kafkaFailure } from "../kafka/kafka-errors.ts";
import type { Logger } from "../logger.ts";

export interface ReceiptsTopicSettings {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: number;
}

/**
 * Creates the receipts topic unless it exists. It is a time-retained log, not
 * a compacted one: every receipt has its own content, and keys are forgotten
 * when the idempotency window passes.
 */
export async function ensureReceiptsTopic(
  admin: Admin,
  settings: ReceiptsTopicSettings,
  logger: Logger,
): Promise<void> {
  try {
    if ((await admin.listTopics()).includes(settings.topic)) {
      logger.info({ topic: settings.topic }, "receipts topic exists");
      return;
    }
    // Another gateway may create it at the same time: createTopics then answers false.
    const created = await admin.createTopics({
      waitForLeaders: true,
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
  } catch (error) {
    throw kafkaFailure(`creating the receipts topic ${settings.topic}`, error);
  }
}
