// Onceport's GroupConsumer on librdkafka's KafkaConsumer: subscribed, read_committed, never
// committing (no auto commit, no offset store). One loop calls consume() without pause, which
// also serves librdkafka's rebalance callbacks (librdkafka heartbeats on its own threads), and
// hands the records out per partition: one batch per partition at a time, `concurrency` at
// once. Records fetched for a partition whose handler is busy wait for it; the partition is
// paused meanwhile so no more pile up (librdkafka then fetches on from the last record handed
// to the application, rdkafka_partition.c rd_kafka_toppar_pause_resume).
//
// Rebalances: the rebalance callback runs on the event loop, and librdkafka waits for the
// application's assign()/unassign() (the binding queues the event and returns, src/callbacks.cc),
// so a revocation simply waits for the handlers of the revoked partitions before unassign().
// librdkafka's assignors are eager (range, roundrobin): every rebalance revokes everything.
//
// rejoin(): librdkafka keeps its assignment current through that callback and has no call to
// rejoin a group, so a rejoin, once the handlers under way returned, assigns the current
// assignment again (which drops every position: librdkafka reads each partition from the
// group's committed offset again) and tells it to `assigned`, before any next batch. A rebalance
// under way when rejoin() is called is the rejoin.
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaClientOptions } from "../../client.ts";
import type {
  GroupAssignment,
  GroupBatch,
  GroupConsumer,
  GroupConsumerOptions,
  GroupHandlers,
} from "../../group-consumer.ts";
import type { KafkaError } from "../../kafka-error.ts";
import type { ConsumerGroupMetadata } from "../../producer.ts";
import { type PartitionOffset, partitionKey, type TopicPartition } from "../../records.ts";
import { AuthenticationWatch } from "./authentication-watch.ts";
import { settle } from "./callback-promise.ts";
import { toConsumedRecord } from "./consumed-records.ts";
import { GroupMembership, membershipDebugContexts } from "./group-membership.ts";
import { type FetchedRecords, GroupPartition } from "./group-partition.ts";
import { commonConfig } from "./librdkafka-config.ts";
import { fromLibrdkafka, refused } from "./librdkafka-errors.ts";
import { attachLogging } from "./librdkafka-logging.ts";
import { type Rdkafka, rdkafka } from "./librdkafka-module.ts";
import { type Registration, registerGroupMember } from "./live-group-members.ts";
import { toRdkafkaOffset } from "./offsets.ts";

/** The binding has this (lib/kafka-consumer.js), its types do not declare it. */
type KafkaConsumer = Rdkafka.KafkaConsumer & { setDefaultIsTimeoutOnlyForFirstMessage(only: boolean): void };

/** The most records one consume() returns: bounds what waits for busy handlers. */
const maxRecordsPerConsume = 10_000;
/** How long a seek may wait for librdkafka's partition thread to take it. */
const seekTimeoutMs = 5_000;
/** Before consuming again after a failed consume(). */
const consumeRetryMs = 200;

const codes = rdkafka().CODES.ERRORS;

type Logger = NonNullable<KafkaClientOptions["logger"]>;

export class LibrdkafkaGroupConsumer implements GroupConsumer {
  private readonly options: GroupConsumerOptions;
  private readonly client: KafkaClientOptions;
  private readonly consumer: KafkaConsumer;
  private readonly authentication = new AuthenticationWatch();
  private readonly membership = new GroupMembership();
  private readonly logger: Logger | undefined;
  private handlers: GroupHandlers | undefined;
  /** The assigned partitions, by partitionKey, in assignment order. */
  private partitions = new Map<string, GroupPartition>();
  /** Handlers under way. */
  private running = 0;
  /** Called whenever a handler returns. */
  private handlerReturned: (() => void)[] = [];
  /** A revocation waiting for handlers: no batch is handed out, heartbeats answer "rejoin". */
  private revoking = false;
  private rejoinAsked = false;
  private stopping = false;
  private registration: Registration | undefined;
  private starting: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private firstAssignment: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(client: KafkaClientOptions, options: GroupConsumerOptions) {
    this.client = client;
    this.options = options;
    this.logger = client.logger;
    this.consumer = new (rdkafka().KafkaConsumer)(
      {
        ...commonConfig(client),
        "group.id": options.groupId,
        // Offsets are committed only inside the caller's transactions.
        "enable.auto.commit": false,
        "enable.auto.offset.store": false,
        "isolation.level": "read_committed",
        "session.timeout.ms": options.sessionTimeoutMs,
        "heartbeat.interval.ms": options.heartbeatIntervalMs,
        // librdkafka sends it as JoinGroup's rebalance timeout; the loop consumes all along,
        // so it never leaves the group for not polling.
        "max.poll.interval.ms": Math.max(options.rebalanceTimeoutMs, options.sessionTimeoutMs),
        "partition.assignment.strategy": "range,roundrobin",
        debug: membershipDebugContexts,
        rebalance_cb: (error: unknown, assignment: Rdkafka.TopicPartition[]) =>
          this.onRebalance(error, assignment),
      },
      { "auto.offset.reset": options.startAt },
    ) as KafkaConsumer;
    this.consumer.setDefaultIsTimeoutOnlyForFirstMessage(true);
    this.consumer.setDefaultConsumeTimeout(options.maxWaitMs ?? 500);
    attachLogging(this.consumer, client.logger, `group consumer ${options.groupId}`);
    this.consumer.on("event.error", this.authentication.onClientError);
    this.consumer.on("event.log", this.membership.onLog);
  }

  start(handlers: GroupHandlers): Promise<void> {
    this.starting ??= this.run(handlers);
    return this.starting;
  }

  seek({ topic, partition, offset }: PartitionOffset): void {
    const state = this.partitions.get(partitionKey(topic, partition));
    if (state === undefined) {
      this.log("debug", `not seeking ${topic}/${partition}: not assigned`);
      return;
    }
    toRdkafkaOffset(offset); // refuses an offset the binding cannot carry now, not in the loop
    state.seek(offset);
  }

  rejoin(): void {
    if (this.stopping) return;
    this.rejoinAsked = true;
    this.rejoinWhenIdle();
  }

  groupMetadata(): ConsumerGroupMetadata {
    const { memberId, generationId } = this.membership;
    return {
      groupId: this.options.groupId,
      ...(memberId === "" ? {} : { memberId }),
      ...(generationId === undefined || generationId < 0 ? {} : { generationId }),
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async run(handlers: GroupHandlers): Promise<void> {
    if (this.closing !== undefined) throw refused("transaction-state", "the group consumer is closed");
    this.handlers = handlers;
    await settle<unknown>(
      (done) =>
        this.consumer.connect({ allTopics: false, timeout: this.client.requestTimeoutMs ?? 30_000 }, done),
      this.failure(`connecting to group ${this.options.groupId}`),
    );
    this.registration = registerGroupMember({
      groupId: this.options.groupId,
      consumer: this.consumer,
      membership: this.membership,
    });
    const assigned = new Promise<void>((resolve, reject) => {
      this.firstAssignment = { resolve, reject };
    });
    try {
      this.consumer.subscribe([...this.options.topics]);
    } catch (error) {
      await this.close().catch(() => undefined);
      throw this.failure(`subscribing group ${this.options.groupId}`)(error);
    }
    this.loop = this.consumeLoop();
    // Joined once the group told the first assignment.
    await assigned;
  }

  private async consumeLoop(): Promise<void> {
    while (!this.stopping) {
      await this.makeSeeks();
      let messages: Rdkafka.Message[];
      try {
        messages = await settle<Rdkafka.Message[]>(
          (done) => this.consumer.consume(maxRecordsPerConsume, done),
          this.failure(`reading for group ${this.options.groupId}`),
        );
      } catch (error) {
        if (this.stopping) return;
        if (isFatal(error as KafkaError)) {
          this.stopFor(error as KafkaError);
          return;
        }
        this.log("warn", (error as Error).message);
        await sleep(consumeRetryMs);
        continue;
      }
      this.take(messages);
      this.rejoinWhenIdle();
      this.handOut();
    }
  }

  /** Makes the seeks asked for, before the next consume(), so that it reads from there. */
  private async makeSeeks(): Promise<void> {
    for (const state of [...this.partitions.values()]) {
      const offset = state.pendingSeek;
      if (offset === undefined) continue;
      const target = { topic: state.topic, partition: state.partition, offset: toRdkafkaOffset(offset) };
      try {
        await settle<void>(
          (done) => this.consumer.seek(target, seekTimeoutMs, done),
          (error) => error as KafkaError,
        );
        if (state.pendingSeek === offset) state.pendingSeek = undefined;
      } catch (error) {
        // A partition just assigned takes a seek only once librdkafka started fetching it.
        const code = (error as { code?: unknown }).code;
        if (code === codes.ERR__STATE || code === codes.ERR__PREV_IN_PROGRESS) continue;
        this.log(
          "warn",
          fromLibrdkafka(`seeking ${state.topic}/${state.partition} to ${offset}`, error).message,
        );
        if (state.pendingSeek === offset) state.pendingSeek = undefined;
      }
    }
  }

  /** Files what one consume() returned under its partitions. */
  private take(messages: readonly Rdkafka.Message[]): void {
    const byPartition = new Map<string, ReturnType<typeof toConsumedRecord>[]>();
    for (const message of messages) {
      const key = partitionKey(message.topic, message.partition);
      let records = byPartition.get(key);
      if (records === undefined) {
        records = [];
        byPartition.set(key, records);
      }
      records.push(toConsumedRecord(message));
    }
    if (this.partitions.size === 0) return;
    let positions: Rdkafka.TopicPartitionOffset[];
    try {
      positions = this.consumer.position([...this.partitions.values()].map((state) => state.topicPartition));
    } catch (error) {
      positions = [];
      this.log("debug", fromLibrdkafka("reading positions", error).message);
    }
    const positionOf = new Map(
      positions
        // undefined (or negative) until librdkafka has a position for the partition.
        .filter(({ offset }) => typeof offset === "number" && offset >= 0)
        .map(({ topic, partition, offset }) => [partitionKey(topic, partition), BigInt(offset)]),
    );
    for (const [key, state] of this.partitions) {
      state.take(byPartition.get(key) ?? [], positionOf.get(key));
    }
  }

  /** Starts the handlers it may; pauses the partitions whose records must wait, resumes the others. */
  private handOut(): void {
    const handlers = this.handlers;
    if (handlers === undefined) return;
    const gated = this.revoking || this.rejoinAsked || this.stopping;
    for (const state of this.partitions.values()) {
      if (
        !gated &&
        state.fetched !== undefined &&
        state.busy === undefined &&
        state.pendingSeek === undefined &&
        this.running < this.options.concurrency
      ) {
        this.startBatch(state, state.fetched, handlers);
      }
      this.setPaused(state, state.fetched !== undefined);
    }
  }

  private startBatch(state: GroupPartition, fetched: FetchedRecords, handlers: GroupHandlers): void {
    state.fetched = undefined;
    const from = fetched.records[0]?.offset ?? state.next ?? fetched.nextOffset;
    state.next = fetched.nextOffset;
    state.soughtWhileBusy = false;
    const batch: GroupBatch = {
      topic: state.topic,
      partition: state.partition,
      records: fetched.records,
      nextOffset: fetched.nextOffset,
      heartbeat: async () => (this.revoking || this.rejoinAsked || this.stopping ? "rejoin" : "ok"),
    };
    this.running++;
    state.busy = (async () => {
      let next: bigint | undefined;
      try {
        next = await handlers.batch(batch);
      } catch (error) {
        // A handler that throws handled nothing: its records come again.
        this.log("error", `a batch handler of ${state.topic}/${state.partition} failed: ${String(error)}`);
        next = undefined;
      }
      this.running--;
      state.busy = undefined;
      if (this.partitions.get(partitionKey(state.topic, state.partition)) === state) {
        if (next === undefined) {
          if (!state.soughtWhileBusy) state.seek(from);
        } else if (next !== fetched.nextOffset) state.seek(next);
        state.soughtWhileBusy = false;
      }
      for (const waiter of this.handlerReturned.splice(0)) waiter();
      this.rejoinWhenIdle();
      this.handOut();
    })();
  }

  private setPaused(state: GroupPartition, paused: boolean): void {
    if (state.paused === paused) return;
    try {
      if (paused) this.consumer.pause([state.topicPartition]);
      else this.consumer.resume([state.topicPartition]);
      state.paused = paused;
    } catch (error) {
      this.log(
        "debug",
        fromLibrdkafka(`pausing or resuming ${state.topic}/${state.partition}`, error).message,
      );
    }
  }

  /** librdkafka keeps a partition paused by the application across assignments. */
  private resumeAll(): void {
    for (const state of this.partitions.values()) this.setPaused(state, false);
  }

  /** Resolves once none of these partitions has a handler under way. */
  private async idle(states: readonly GroupPartition[]): Promise<void> {
    while (states.some((state) => state.busy !== undefined)) {
      await new Promise<void>((resolve) => this.handlerReturned.push(resolve));
    }
  }

  private onRebalance(error: unknown, assignment: Rdkafka.TopicPartition[]): void {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === codes.ERR__REVOKE_PARTITIONS) this.revoke();
    else if (code === codes.ERR__ASSIGN_PARTITIONS) this.assign(assignment);
    else this.log("error", fromLibrdkafka(`rebalancing group ${this.options.groupId}`, error).message);
  }

  /** Eager: everything is revoked. unassign() waits for the revoked partitions' handlers. */
  private revoke(): void {
    this.revoking = true;
    const revoked = [...this.partitions.values()];
    for (const state of revoked) state.fetched = undefined;
    const unassign = () => {
      this.resumeAll();
      this.partitions = new Map();
      this.revoking = false;
      try {
        this.consumer.unassign();
      } catch (error) {
        this.log("warn", fromLibrdkafka(`unassigning group ${this.options.groupId}`, error).message);
      }
    };
    // Synchronously when nothing is under way: disconnect() revokes in the middle of closing.
    if (revoked.every((state) => state.busy === undefined)) unassign();
    else void this.idle(revoked).then(unassign);
  }

  private assign(assignment: readonly Rdkafka.TopicPartition[]): void {
    const partitions = assignment.map(({ topic, partition }) => ({ topic, partition }));
    try {
      this.consumer.assign(partitions);
    } catch (error) {
      this.log("error", fromLibrdkafka(`assigning group ${this.options.groupId}`, error).message);
      return;
    }
    this.tellAssignment(partitions);
  }

  /** A rejoin asked for, once no handler is under way and no rebalance is (see above). */
  private rejoinWhenIdle(): void {
    if (!this.rejoinAsked || this.revoking || this.stopping || this.running > 0) return;
    const partitions = [...this.partitions.values()].map((state) => state.topicPartition);
    this.resumeAll();
    try {
      // assign() clears the assignment and reads each partition from the committed offset.
      if (partitions.length === 0) this.consumer.unassign();
      else this.consumer.assign(partitions);
    } catch (error) {
      this.log("warn", fromLibrdkafka(`assigning group ${this.options.groupId} again`, error).message);
      return;
    }
    this.tellAssignment(partitions);
  }

  private tellAssignment(partitions: readonly TopicPartition[]): void {
    this.rejoinAsked = false;
    this.partitions = new Map(
      partitions.map((topicPartition) => [
        partitionKey(topicPartition.topic, topicPartition.partition),
        new GroupPartition(topicPartition),
      ]),
    );
    const { memberId, generationId } = this.membership;
    const told: GroupAssignment = {
      memberId,
      ...(generationId === undefined || generationId < 0 ? {} : { generationId }),
      partitions: [...partitions].sort((a, b) =>
        a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
      ),
    };
    try {
      this.handlers?.assigned(told);
    } catch (error) {
      this.log("error", `the assigned handler of group ${this.options.groupId} failed: ${String(error)}`);
    }
    this.firstAssignment?.resolve();
    this.firstAssignment = undefined;
  }

  /** A failure librdkafka does not recover from: the consumer stops for good. */
  private stopFor(error: KafkaError): void {
    if (this.firstAssignment === undefined) this.handlers?.failed(error);
    else this.firstAssignment.reject(error);
    this.firstAssignment = undefined;
    void this.close().catch(() => undefined);
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.firstAssignment?.reject(refused("transaction-state", "the group consumer was closed"));
    this.firstAssignment = undefined;
    await this.idle([...this.partitions.values()]);
    await this.loop;
    await this.registration?.unregister();
    if (!this.consumer.isConnected()) return;
    try {
      // Leaves the group: librdkafka revokes (served by onRebalance) and sends LeaveGroup.
      this.consumer.unsubscribe();
    } catch (error) {
      this.log("debug", fromLibrdkafka(`unsubscribing group ${this.options.groupId}`, error).message);
    }
    await settle<unknown>(
      (done) => this.consumer.disconnect(done),
      this.failure(`leaving group ${this.options.groupId}`),
    );
  }

  private failure(what: string): (error: unknown) => KafkaError {
    return (error) => fromLibrdkafka(what, error, { refusal: this.authentication.refusal() });
  }

  private log(level: "error" | "warn" | "debug", message: string): void {
    this.logger?.(level, `librdkafka group consumer ${this.options.groupId}: ${message}`);
  }
}

/** Errors librdkafka does not recover from: a fatal one, or the broker refusing the client. */
function isFatal(error: KafkaError): boolean {
  const fields = error.cause as { isFatal?: unknown; code?: unknown } | undefined;
  return error.kind === "authorization" || fields?.isFatal === true || fields?.code === codes.ERR__FATAL;
}
