// A consumer group's committed offset, set the way the gateway's Process sets it.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { isKafkaError } from "@onceport/kafka";
import { writerClient } from "./plant.ts";

/**
 * Commits the group's offset the way Process does: inside a transaction (TxnOffsetCommit).
 * On a broker just started, the group coordinator may still be loading (NOT_COORDINATOR, which
 * a client may not retry inside sendOffsets): the transaction is given up and tried again, as the
 * gateway's Process redelivers such a batch. Each try with a new producer of the same id: its
 * init settles whatever the failed one left open.
 */
export async function commitGroupOffset(groupId: string, topic: string, offset: number): Promise<void> {
  const transactionalId = `audit-ctp-${randomBytes(4).toString("hex")}`;
  for (let attempt = 1; ; attempt++) {
    const producer = await (await writerClient()).transactionalProducer({
      transactionalId,
      transactionTimeoutMs: 60_000,
    });
    try {
      const transaction = await producer.begin();
      await transaction.sendOffsets([{ topic, partition: 0, offset: BigInt(offset) }], { groupId });
      await transaction.commit();
      return;
    } catch (error) {
      if (attempt >= 20 || !isKafkaError(error) || !error.retriable) throw error;
      await sleep(250);
    } finally {
      await producer.close();
    }
  }
}
