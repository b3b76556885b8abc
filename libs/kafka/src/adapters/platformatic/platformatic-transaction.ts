// One transaction of a PlatformaticTransactionalProducer.
import type { ClusterMetadata } from "@platformatic/kafka";
import { KafkaError } from "../../kafka-error.ts";
import type { ConsumerGroupMetadata, KafkaTransaction } from "../../producer.ts";
import type { PartitionOffset, PartitionRecords, SentBatch } from "../../records.ts";
import { sendGroupOffsets } from "./group-offsets.ts";
import { SendPlan } from "./outgoing-batches.ts";
import type { PlatformaticProducer, PlatformaticTransaction } from "./platformatic-producer.ts";
import type { ProducerHost } from "./producer-host.ts";

/** The first partition of the plan the metadata does not have, if any. */
function missingPartition(plan: SendPlan, metadata: ClusterMetadata): string | undefined {
  for (const { topic, partition } of plan.partitions()) {
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    if (partition < 0 || partition >= count) return `${topic}/${partition}`;
  }
  return undefined;
}

/**
 * The client writes to partition `partition % partitionsCount` (producer.js), so a partition
 * past the topic's last one would land silently in another: refused here instead.
 */
async function checkPartitions(client: PlatformaticProducer, plan: SendPlan): Promise<void> {
  const topics = plan.topics();
  let missing = missingPartition(plan, await client.metadata({ topics }));
  // The client's metadata is up to metadataMaxAge old: a partition just added may be missing.
  if (missing !== undefined)
    missing = missingPartition(plan, await client.metadata({ topics, forceUpdate: true }));
  if (missing !== undefined) {
    throw new KafkaError("unknown-topic", `send: no partition ${missing}`, {
      code: "UNKNOWN_TOPIC_OR_PARTITION",
    });
  }
}

export class PlatformaticKafkaTransaction implements KafkaTransaction {
  private readonly host: ProducerHost;
  private readonly transaction: PlatformaticTransaction;
  /** Something may have reached the coordinator: ending it takes an EndTxn. */
  private started = false;
  private ended: "committed" | "aborted" | undefined;

  constructor(host: ProducerHost, transaction: PlatformaticTransaction) {
    this.host = host;
    this.transaction = transaction;
  }

  send(batches: readonly PartitionRecords[]): Promise<SentBatch[]> {
    return this.host.call("send", async () => {
      this.checkOpen("send");
      const plan = new SendPlan(batches, this.host.maxBatchBytes);
      if (plan.rounds === 0) return plan.sentBatches();
      await checkPartitions(this.host.client, plan);
      this.started = true;
      for (let round = 0; round < plan.rounds; round++) {
        const result = await this.transaction.send({ messages: plan.messages(round) });
        plan.landed(round, result.offsets ?? []);
      }
      return plan.sentBatches();
    });
  }

  sendOffsets(offsets: readonly PartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    return this.host.call("sendOffsets", async () => {
      this.checkOpen("sendOffsets");
      if (offsets.length === 0) return;
      this.started = true;
      await sendGroupOffsets(this.transaction, this.host.coordinators, offsets, group);
    });
  }

  commit(): Promise<void> {
    return this.end("committed");
  }

  abort(): Promise<void> {
    return this.end("aborted");
  }

  private end(outcome: "committed" | "aborted"): Promise<void> {
    const action = outcome === "committed" ? "commit" : "abort";
    return this.host.call(action, async () => {
      this.checkOpen(action);
      // The coordinator refuses EndTxn for a transaction it never heard of (INVALID_TXN_STATE),
      // so one that wrote nothing ends here only.
      if (!this.started) await this.transaction.cancel();
      else if (outcome === "committed") await this.transaction.commit();
      else await this.transaction.abort();
      this.ended = outcome;
      this.host.ended(this);
    });
  }

  private checkOpen(action: string): void {
    if (this.ended !== undefined) {
      throw new KafkaError("transaction-state", `${action}: the transaction was already ${this.ended}`);
    }
  }
}
