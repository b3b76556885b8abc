// Membership of a consumer group on @platformatic/kafka's Consumer: it joins (JoinGroup, then
// SyncGroup with the leader's round-robin assignment), heartbeats and leaves, and reads no
// records here (its consume stream is never opened: group-consumer.ts fetches them itself).
//
// Its heartbeat rejoins at once when the group answers with a rebalance (consumer.js
// #heartbeat), while batch handlers may still hold partitions. The one thing it calls before
// every JoinGroup is the `protocolsMetadata` option (#createJoinGroupProtocols awaits it): the
// join is held there until the handlers return. The client cancels its heartbeats before the
// join, so while one is held this member sends its own: the coordinator keeps a member that
// heartbeats during a rebalance (answered REBALANCE_IN_PROGRESS) and drops one silent for the
// session timeout, which may be shorter than the handlers' grace.
import { Consumer, heartbeatV4 } from "@platformatic/kafka";
import type { KafkaClientOptions } from "../../client.ts";
import type { GroupConsumerOptions } from "../../group-consumer.ts";
import type { KafkaError } from "../../kafka-error.ts";
import type { TopicPartition } from "../../records.ts";
import { baseOptions } from "./connection-options.ts";
import { toKafkaError, translated } from "./platformatic-errors.ts";

/** What a join gave this member. */
export interface GroupJoin {
  readonly memberId: string;
  readonly generationId: number;
  readonly partitions: TopicPartition[];
}

export interface MembershipEvents {
  /** Before every JoinGroup the client sends: the join waits for it (a rejection gives it up). */
  beforeJoin(): Promise<void>;
  joined(join: GroupJoin): void;
  /** A rejoin the client began itself (after a heartbeat) failed: the member has no assignment. */
  rejoinFailed(error: KafkaError): void;
}

/** The subscription's user data: none (an empty one, as the hook must give a Buffer). */
const noUserData = Buffer.alloc(0);

export class GroupMembership {
  private readonly consumer: Consumer;
  private readonly options: GroupConsumerOptions;
  private readonly clientOptions: KafkaClientOptions;
  /** The last heartbeat's failure other than a rebalance (a coordinator moving), until one succeeds. */
  private failedHeartbeat: KafkaError | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private sending = false;

  constructor(clientOptions: KafkaClientOptions, options: GroupConsumerOptions, events: MembershipEvents) {
    this.options = options;
    this.clientOptions = clientOptions;
    this.consumer = new Consumer({
      ...baseOptions(clientOptions, "group"),
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      rebalanceTimeout: options.rebalanceTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      autocommit: false,
      protocolsMetadata: () => events.beforeJoin().then(() => noUserData),
    });
    // The subscription names the tracked topics (consume() would track them).
    this.consumer.topics.trackAll(...options.topics);
    this.consumer.on("consumer:group:join", (payload) => {
      const partitions: TopicPartition[] = [];
      for (const { topic, partitions: list } of payload.assignments ?? []) {
        for (const partition of [...list].sort((a, b) => a - b)) partitions.push({ topic, partition });
      }
      partitions.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      events.joined({ memberId: payload.memberId, generationId: this.consumer.generationId, partitions });
    });
    // Emitted only when a rejoin after a heartbeat failed; unheard, an 'error' event would throw.
    this.consumer.on("error", (error: unknown) => {
      events.rejoinFailed(toKafkaError(error, `rejoining group ${options.groupId}`));
    });
    this.consumer.on("consumer:heartbeat:error", ({ error }) => {
      this.failedHeartbeat = toKafkaError(error, `a heartbeat of group ${options.groupId}`);
      this.log("warn", "heartbeat failed", { error: this.failedHeartbeat.message });
    });
    this.consumer.on("consumer:heartbeat:end", () => {
      this.failedHeartbeat = undefined;
    });
    this.consumer.on("consumer:heartbeat:stalled", ({ stalledFor }) => {
      this.log("warn", "no heartbeat got through", { stalledForMs: stalledFor });
    });
  }

  get heartbeatError(): KafkaError | undefined {
    return this.failedHeartbeat;
  }

  /** JoinGroup (with the member id of the last join, if any) and SyncGroup; `joined` tells what came of it. */
  async join(): Promise<void> {
    await translated(`joining group ${this.options.groupId}`, () => this.consumer.joinGroup({}));
  }

  /** Heartbeats of its own every interval while a join is held, until `stopKeepAlive`. */
  startKeepAlive(): void {
    if (this.keepAlive !== undefined || this.consumer.memberId === null) return;
    this.keepAlive = setInterval(() => void this.heartbeat(), this.options.heartbeatIntervalMs);
  }

  stopKeepAlive(): void {
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }

  async leave(): Promise<void> {
    this.stopKeepAlive();
    await translated(
      `leaving group ${this.options.groupId}`,
      () =>
        // Its typings pick the callback overload for a call without one.
        new Promise<void>((resolve, reject) =>
          this.consumer.leaveGroup(false, (error) => (error ? reject(error) : resolve())),
        ),
    );
  }

  async close(): Promise<void> {
    this.stopKeepAlive();
    await translated("close", () => this.consumer.close(true));
  }

  /** Never rejects: a failure is logged, and the next interval tries again. */
  private async heartbeat(): Promise<void> {
    const { memberId, generationId, groupId } = this.consumer;
    if (this.sending || memberId === null) return;
    this.sending = true;
    try {
      const coordinator = await this.consumer.findGroupCoordinator();
      const metadata =
        this.consumer.currentMetadata ?? (await this.consumer.metadata({ topics: [...this.options.topics] }));
      const broker = metadata.brokers.get(coordinator);
      if (broker === undefined) return;
      const connection = await this.consumer.connections.get(broker);
      await heartbeatV4.api.async(connection, groupId, generationId, memberId, null);
    } catch (error) {
      // REBALANCE_IN_PROGRESS is the answer expected here, and the session is kept all the same.
      const failure = toKafkaError(error, "heartbeat while a join waits");
      if (failure.code !== "REBALANCE_IN_PROGRESS") this.log("debug", failure.message);
    } finally {
      this.sending = false;
    }
  }

  private log(level: "warn" | "debug", message: string, fields: Record<string, unknown> = {}): void {
    this.clientOptions.logger?.(level, `platformatic group consumer: ${message}`, {
      groupId: this.options.groupId,
      ...fields,
    });
  }
}
