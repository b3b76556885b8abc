import kafkajs, { type Consumer, type Kafka } from "kafkajs";
import { kafkaErrorTypes } from "../kafka/kafkajs-error-types.ts";

/** How often a consumer heartbeats, also while it waits for a worker or a slow reader. */
export function heartbeatIntervalMs(sessionTimeoutMs: number): number {
  // A third of the session timeout is kafkajs's advice; at most a second, so a
  // rebalance is noticed quickly and open batches get most of the grace.
  return Math.max(100, Math.min(1_000, Math.floor(sessionTimeoutMs / 3)));
}

/**
 * A read_committed kafkajs consumer in a group, set up the way Process and
 * Subscribe use it: offsets are never committed by kafkajs itself, and fetches
 * return quickly when there is nothing new, so heartbeats (and with them
 * rebalances) are never far off.
 */
export function groupConsumer(
  kafka: Kafka,
  groupId: string,
  settings: { sessionTimeoutMs: number; rebalanceGraceMs: number },
): Consumer {
  return kafka.consumer({
    groupId,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: heartbeatIntervalMs(settings.sessionTimeoutMs),
    // The group waits this long for members to rejoin: long enough for open
    // batches to finish within the grace and commit.
    rebalanceTimeout: Math.max(60_000, settings.rebalanceGraceMs + 30_000),
    maxWaitTimeInMs: 500,
  });
}

/**
 * Heartbeat failures after which kafkajs must rejoin the group: a rebalance
 * started, the coordinator moved, or this member was dropped (its session
 * timed out: another member may hold its partitions already).
 */
const rejoinTypes = new Set([
  "REBALANCE_IN_PROGRESS",
  "ILLEGAL_GENERATION",
  "NOT_COORDINATOR_FOR_GROUP",
  "UNKNOWN_MEMBER_ID",
]);

export function needsRejoin(error: unknown): boolean {
  return kafkaErrorTypes(error).some((type) => rejoinTypes.has(type));
}

/** "topic\0partition": a map key for one partition. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/**
 * An error that makes kafkajs rejoin the group (its runner rejoins on
 * REBALANCE_IN_PROGRESS, runner.js): a follower's rejoin answers the current
 * assignment without a rebalance.
 */
export function resyncError(topic: string, partition: number): Error {
  return new kafkajs.KafkaJSProtocolError(
    Object.assign(new Error(`the producer of ${topic}/${partition} was fenced: rejoining the group`), {
      type: "REBALANCE_IN_PROGRESS",
      code: 27,
      retriable: true,
    }),
  );
}
