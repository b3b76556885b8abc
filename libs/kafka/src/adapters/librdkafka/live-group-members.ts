// The group consumers of this adapter alive in this process, so that a producer of the adapter
// given one's metadata can hand librdkafka THAT consumer: sendOffsetsToTransaction takes the
// group metadata from a KafkaConsumer (the binding accepts nothing else), and the live member's
// carries its generation and member id, with which the group coordinator refuses the offsets of
// a member the group moved on from (KIP-447). A stand-in consumer of the group id alone sends
// generation -1 and no member id, which the coordinator accepts from anyone.
import type { Rdkafka } from "./librdkafka-module.ts";

export interface LiveGroupMember {
  readonly groupId: string;
  /** The member's librdkafka consumer, connected while the member is registered. */
  readonly consumer: Rdkafka.KafkaConsumer;
  /** The member id and generation of its last join, as far as this process knows. */
  readonly membership: {
    readonly memberId: string;
    readonly generationId: number | undefined;
    /** Every member id it held. */
    readonly memberIds: ReadonlySet<string>;
  };
}

interface Entry {
  readonly member: LiveGroupMember;
  /** sendOffsets calls using the consumer now: the member disconnects only after them. */
  inUse: number;
  idle: (() => void) | undefined;
}

const live = new Set<Entry>();

/** Unregistering waits until no sendOffsets uses the consumer. */
export interface Registration {
  unregister(): Promise<void>;
}

export function registerGroupMember(member: LiveGroupMember): Registration {
  const entry: Entry = { member, inUse: 0, idle: undefined };
  live.add(entry);
  return {
    unregister: async () => {
      live.delete(entry);
      if (entry.inUse === 0) return;
      await new Promise<void>((resolve) => {
        entry.idle = resolve;
      });
    },
  };
}

/**
 * Runs `use` with the live member of `groupId` that holds or held `memberId`; with undefined
 * when this process has none (the metadata came from another client or process).
 */
export async function withGroupMember<T>(
  groupId: string,
  memberId: string,
  use: (member: LiveGroupMember | undefined) => Promise<T>,
): Promise<T> {
  let found: Entry | undefined;
  for (const entry of live) {
    if (entry.member.groupId === groupId && entry.member.membership.memberIds.has(memberId)) found = entry;
  }
  if (found === undefined) return use(undefined);
  found.inUse++;
  try {
    return await use(found.member);
  } finally {
    found.inUse--;
    if (found.inUse === 0) found.idle?.();
  }
}
