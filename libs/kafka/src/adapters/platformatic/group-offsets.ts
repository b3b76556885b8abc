// A group's offsets committed inside a transaction (TxnOffsetCommit). @platformatic/kafka only
// offers it for messages its own group consumer read: Transaction.addConsumer(consumer) reads
// `consumer.groupId` alone (AddOffsetsToTxn), and Transaction.addOffset(message) reads the
// message's topic, partition, offset and `metadata.consumer` {groupId, generationId, memberId,
// coordinatorId}, and commits offset + 1 to that coordinator with the generation and member id
// (TxnOffsetCommit v3+, KIP-447). Onceport reads outside any group, so both are given exactly
// those fields, and the group coordinator is looked up here.
import type { Admin, Consumer, Message } from "@platformatic/kafka";
import { FindCoordinatorKeyTypes } from "@platformatic/kafka";
import { KafkaError } from "../../kafka-error.ts";
import type { ConsumerGroupMetadata } from "../../producer.ts";
import type { PartitionOffset } from "../../records.ts";
import type { PlatformaticTransaction } from "./platformatic-producer.ts";

/** Group coordinators by group id, found with an Admin client made when first needed. */
export class GroupCoordinators {
  private readonly makeAdmin: () => Admin;
  private admin: Admin | undefined;
  private readonly known = new Map<string, number>();

  constructor(makeAdmin: () => Admin) {
    this.makeAdmin = makeAdmin;
  }

  async of(groupId: string): Promise<number> {
    const known = this.known.get(groupId);
    if (known !== undefined) return known;
    this.admin ??= this.makeAdmin();
    const [found] = await this.admin.findCoordinator({
      keyType: FindCoordinatorKeyTypes.GROUP,
      keys: [groupId],
    });
    if (found === undefined)
      throw new KafkaError("unavailable", `sendOffsets: no coordinator for group ${groupId}`);
    this.known.set(groupId, found.nodeId);
    return found.nodeId;
  }

  /** After a failure: the coordinator may have moved. */
  forget(groupId: string): void {
    this.known.delete(groupId);
  }

  async close(): Promise<void> {
    await this.admin?.close();
  }
}

export async function sendGroupOffsets(
  transaction: PlatformaticTransaction,
  coordinators: GroupCoordinators,
  offsets: readonly PartitionOffset[],
  group: ConsumerGroupMetadata,
): Promise<void> {
  try {
    await transaction.addConsumer({ groupId: group.groupId } as Consumer);
    const consumer = {
      groupId: group.groupId,
      // Without them the broker checks neither (generation -1, member ""), as before KIP-447.
      // A group.instance.id cannot be passed on: the client always sends null there.
      generationId: group.generationId ?? -1,
      memberId: group.memberId ?? "",
      coordinatorId: await coordinators.of(group.groupId),
    };
    // One TxnOffsetCommit per partition: the client commits one message's offset per call.
    for (const { topic, partition, offset } of offsets) {
      const read = { topic, partition, offset: offset - 1n, metadata: { consumer } };
      await transaction.addOffset(read as unknown as Message);
    }
  } catch (error) {
    coordinators.forget(group.groupId);
    throw error;
  }
}
