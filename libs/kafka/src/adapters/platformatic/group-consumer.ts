// Onceport's GroupConsumer on @platformatic/kafka. The group's membership is the client's
// (group-membership.ts); records are fetched at this consumer's own positions and filtered
// read_committed by the adapter's reader (partition-reader.ts, fetched-partition.ts), since the
// client's own consume stream delivered aborted records. From the moment a join is due until
// the new assignment's start positions are known no batch is handed out, and a JoinGroup is
// sent only once the handlers under way have returned.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaClientOptions, KafkaLogLevel } from "../../client.ts";
import type { GroupConsumer, GroupConsumerOptions, GroupHandlers } from "../../group-consumer.ts";
import { KafkaError } from "../../kafka-error.ts";
import type { ConsumerGroupMetadata } from "../../producer.ts";
import { type PartitionOffset, partitionKey } from "../../records.ts";
import { defaultRequestTimeoutMs } from "./connection-options.ts";
import { type GroupJoin, GroupMembership } from "./group-membership.ts";
import { startPositions } from "./group-positions.ts";
import { type FetchedBatch, PlatformaticPartitionReader } from "./partition-reader.ts";
import { PlatformaticAdmin } from "./platformatic-admin.ts";
import { toKafkaError } from "./platformatic-errors.ts";

/** After a failure the client does not retry itself (a join, a lookup, a poll), the pause before trying again. */
const retryPauseMs = 500;
const defaultMaxWaitMs = 500;

/** One assigned partition. */
interface Slot {
  readonly topic: string;
  readonly partition: number;
  /** fetching: the reader reads it; queued: a batch waits for a free handler; busy: a handler holds one. */
  state: "fetching" | "queued" | "busy";
  /** Where it is read from next; undefined until the start positions are known (or a seek). */
  from: bigint | undefined;
  queued: FetchedBatch | undefined;
  /** A seek made while a handler held it, for a handler that returns undefined. */
  sought: bigint | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface HeldJoin {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class PlatformaticGroupConsumer implements GroupConsumer {
  private readonly options: GroupConsumerOptions;
  private readonly clientOptions: KafkaClientOptions;
  private readonly membership: GroupMembership;
  private readonly reader: PlatformaticPartitionReader;
  private readonly admin: PlatformaticAdmin;
  private handlers: GroupHandlers | undefined;
  private slots = new Map<string, Slot>();
  /** Keys of queued slots, in the order their batches came. */
  private queue: string[] = [];
  private readonly running = new Set<Promise<void>>();
  /** Bumped at every join: what belongs to an earlier assignment is dropped. */
  private epoch = 0;
  /** The epoch whose positions the reader was given; until then nothing is fetched. */
  private readerEpoch = -1;
  /** The start positions of this epoch are known: the reader is to be given them. */
  private assignDue = false;
  private lastJoin: GroupJoin | undefined;
  /** A JoinGroup is held or under way. */
  private joining = false;
  /** rejoin() asked, or a join failed: the member joins once the handlers return. */
  private rejoinWanted = false;
  private ownJoin: Promise<void> | undefined;
  /** The client's joins, held until the handlers return. */
  private held: HeldJoin[] = [];
  private closing = false;
  private closed: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private pumping: Promise<void> | undefined;
  private wakePump: (() => void) | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();

  constructor(clientOptions: KafkaClientOptions, options: GroupConsumerOptions) {
    this.options = options;
    this.clientOptions = clientOptions;
    this.membership = new GroupMembership(clientOptions, options, {
      beforeJoin: () => this.beforeJoin(),
      joined: (join) => this.onJoined(join),
      rejoinFailed: (error) => this.joinFailed(error),
    });
    // The reader's own group id is never joined (see PlatformaticPartitionReader).
    this.reader = new PlatformaticPartitionReader(
      clientOptions,
      { isolation: "read_committed" },
      `onceport-reader-${randomUUID()}`,
    );
    this.admin = new PlatformaticAdmin(clientOptions);
  }

  start(handlers: GroupHandlers): Promise<void> {
    this.starting ??= this.run(handlers);
    return this.starting;
  }

  seek({ topic, partition, offset }: PartitionOffset): void {
    const slot = this.slots.get(partitionKey(topic, partition));
    if (slot === undefined) {
      this.log("debug", "seek of a partition not assigned: ignored", { topic, partition });
      return;
    }
    if (slot.state === "busy") {
      slot.sought = offset;
      return;
    }
    // A batch waiting for a handler was read from where the partition no longer is.
    slot.state = "fetching";
    slot.queued = undefined;
    slot.from = offset;
    if (this.readerEpoch === this.epoch) this.reader.resume({ topic, partition, offset });
  }

  rejoin(): void {
    // A join under way tells the current assignment already.
    if (this.closing || this.joining) return;
    this.rejoinWanted = true;
    this.joinWhenIdle();
  }

  groupMetadata(): ConsumerGroupMetadata {
    const join = this.lastJoin;
    return join === undefined
      ? { groupId: this.options.groupId }
      : { groupId: this.options.groupId, memberId: join.memberId, generationId: join.generationId };
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async run(handlers: GroupHandlers): Promise<void> {
    this.handlers = handlers;
    // The client retries a join a few times within milliseconds; a coordinator still loading
    // (the first group of a new broker answered NOT_COORDINATOR for seconds) takes longer.
    const deadline = Date.now() + (this.clientOptions.requestTimeoutMs ?? defaultRequestTimeoutMs);
    for (;;) {
      try {
        await this.membership.join();
        break;
      } catch (error) {
        const failure = toKafkaError(error, `joining group ${this.options.groupId}`);
        if (failure.retriable && Date.now() < deadline && !this.closing) {
          this.log("warn", "joining the group failed, retrying", { error: failure.message });
          await this.retryPause();
          continue;
        }
        await this.close().catch(() => {});
        throw failure;
      }
    }
    if (!this.closing) this.pumping = this.pump();
  }

  /** No batch is handed out, nor fetched. */
  private blocked(): boolean {
    return this.closing || this.joining || this.rejoinWanted || this.readerEpoch !== this.epoch;
  }

  /** Fetches batches of the partitions no handler holds, and hands them out. */
  private async pump(): Promise<void> {
    while (!this.closing) {
      if (this.assignDue) {
        await this.assignReader();
        continue;
      }
      if (this.blocked()) {
        await this.nap();
        continue;
      }
      const epoch = this.epoch;
      let batches: FetchedBatch[];
      try {
        batches = await this.reader.poll(this.options.maxWaitMs ?? defaultMaxWaitMs);
      } catch (error) {
        if (this.closing) return;
        const failure = toKafkaError(error, `reading for group ${this.options.groupId}`);
        if (!failure.retriable) {
          this.fail(failure);
          return;
        }
        this.log("warn", "a fetch failed, retrying", { error: failure.message });
        await this.retryPause();
        continue;
      }
      // Read before a join began: the new assignment starts from its own positions.
      if (epoch !== this.epoch || this.blocked()) continue;
      for (const batch of batches) {
        const key = partitionKey(batch.topic, batch.partition);
        const slot = this.slots.get(key);
        if (slot?.state !== "fetching" || slot.from !== batch.fetchedFrom) continue;
        this.reader.pause(slot);
        slot.state = "queued";
        slot.queued = batch;
        this.queue.push(key);
      }
      this.dispatch();
    }
  }

  private async assignReader(): Promise<void> {
    this.assignDue = false;
    // Set first: a seek while the reader looks its leaders up goes to the reader.
    this.readerEpoch = this.epoch;
    const positions: PartitionOffset[] = [];
    for (const { topic, partition, from } of this.slots.values())
      if (from !== undefined) positions.push({ topic, partition, offset: from });
    try {
      await this.reader.assign(positions);
    } catch (error) {
      const failure = toKafkaError(error, `reading for group ${this.options.groupId}`);
      if (!failure.retriable) {
        this.fail(failure);
        return;
      }
      // The next poll looks the leaders up again.
      this.log("warn", "looking up the assigned partitions' leaders failed", { error: failure.message });
    }
  }

  /** Hands queued batches out while handlers are free. */
  private dispatch(): void {
    while (!this.blocked() && this.running.size < this.options.concurrency) {
      const key = this.queue.shift();
      if (key === undefined) return;
      const slot = this.slots.get(key);
      if (slot?.state !== "queued" || slot.queued === undefined) continue;
      const task = this.handle(slot, slot.queued, this.epoch).finally(() => {
        this.running.delete(task);
        this.dispatch();
        if (this.running.size === 0) this.joinWhenIdle();
      });
      this.running.add(task);
    }
  }

  private async handle(slot: Slot, batch: FetchedBatch, epoch: number): Promise<void> {
    slot.state = "busy";
    slot.queued = undefined;
    const { topic, partition, records, nextOffset, fetchedFrom } = batch;
    let next: bigint | undefined;
    try {
      next = await this.handlers?.batch({
        topic,
        partition,
        records,
        nextOffset,
        heartbeat: () => this.heartbeat(),
      });
    } catch (error) {
      this.log("error", "a batch handler threw: its records are fetched again", {
        topic,
        partition,
        error: messageOf(error),
      });
    }
    if (epoch !== this.epoch) return;
    const offset = next ?? slot.sought ?? fetchedFrom;
    slot.sought = undefined;
    slot.state = "fetching";
    slot.from = offset;
    this.reader.resume({ topic, partition, offset });
  }

  private async heartbeat(): Promise<"ok" | "rejoin"> {
    if (this.closing || this.joining || this.rejoinWanted) return "rejoin";
    // The client heartbeats by itself, handlers or not: this tells how the last one went.
    const failure = this.membership.heartbeatError;
    if (failure !== undefined) throw failure;
    return "ok";
  }

  /** Called by the client before each JoinGroup: held until no handler runs. */
  private beforeJoin(): Promise<void> {
    if (this.closing)
      return Promise.reject(new KafkaError("unknown", `group ${this.options.groupId}: closing`));
    this.joining = true;
    this.rejoinWanted = false;
    if (this.running.size === 0) return Promise.resolve();
    this.membership.startKeepAlive();
    return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
  }

  /** Once no handler runs: lets a held join go, or joins when one is wanted. */
  private joinWhenIdle(): void {
    if (this.running.size > 0 || this.closing) return;
    if (this.held.length > 0) {
      this.membership.stopKeepAlive();
      for (const join of this.held.splice(0)) join.resolve();
      return;
    }
    if (!this.rejoinWanted || this.ownJoin !== undefined) return;
    this.ownJoin = this.membership
      .join()
      .catch((error: unknown) =>
        this.joinFailed(toKafkaError(error, `rejoining group ${this.options.groupId}`)),
      )
      .finally(() => {
        this.ownJoin = undefined;
      });
  }

  private joinFailed(error: KafkaError): void {
    this.joining = false;
    if (this.closing) return;
    if (!error.retriable) {
      this.fail(error);
      return;
    }
    this.log("warn", "joining the group failed, retrying", { error: error.message });
    this.rejoinWanted = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.joinWhenIdle();
    }, retryPauseMs);
  }

  private onJoined(join: GroupJoin): void {
    const last = this.lastJoin;
    // The client merges joins begun together, and tells each of them the one result.
    if (!this.joining && last?.memberId === join.memberId && last.generationId === join.generationId) return;
    this.joining = false;
    if (this.closing) return;
    this.lastJoin = join;
    this.epoch++;
    this.queue = [];
    this.assignDue = false;
    this.slots = new Map(
      join.partitions.map(({ topic, partition }) => [
        partitionKey(topic, partition),
        { topic, partition, state: "fetching", from: undefined, queued: undefined, sought: undefined },
      ]),
    );
    try {
      this.handlers?.assigned({
        memberId: join.memberId,
        generationId: join.generationId,
        partitions: join.partitions,
      });
    } catch (error) {
      this.log("error", "the assigned handler threw", {
        error: messageOf(error),
      });
    }
    void this.findStartPositions(this.epoch);
  }

  /** Never rejects: retries until the positions are known, the epoch is over, or a failure is final. */
  private async findStartPositions(epoch: number): Promise<void> {
    const partitions = [...this.slots.values()];
    while (epoch === this.epoch && !this.closing) {
      try {
        const starts = await startPositions(this.admin, this.options, partitions);
        if (epoch !== this.epoch) return;
        for (const slot of this.slots.values())
          slot.from ??= starts.get(partitionKey(slot.topic, slot.partition));
        this.assignDue = true;
        this.wakePump?.();
        return;
      } catch (error) {
        if (epoch !== this.epoch || this.closing) return;
        const failure = toKafkaError(error, `start positions of group ${this.options.groupId}`);
        if (!failure.retriable) {
          this.fail(failure);
          return;
        }
        this.log("warn", "looking up start positions failed, retrying", { error: failure.message });
        await this.retryPause();
      }
    }
  }

  /** The consumer stops for good: the caller hears of it, and the member leaves the group. */
  private fail(error: KafkaError): void {
    if (this.closing) return;
    try {
      this.handlers?.failed(error);
    } catch (handlerError) {
      this.log("error", "the failed handler threw", { error: messageOf(handlerError) });
    }
    this.close().catch((closeError: unknown) =>
      this.log("warn", "closing after a failure failed", { error: messageOf(closeError) }),
    );
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    this.stopping.abort();
    clearTimeout(this.retryTimer);
    this.membership.stopKeepAlive();
    for (const join of this.held.splice(0))
      join.reject(new KafkaError("unknown", `group ${this.options.groupId}: closing`));
    this.wakePump?.();
    // Handlers see heartbeat() answer "rejoin"; no new one starts.
    await Promise.allSettled([...this.running]);
    let failure: unknown;
    try {
      await this.membership.leave();
    } catch (error) {
      failure = error;
    }
    const closed = await Promise.allSettled([this.reader.close(), this.admin.close()]);
    await this.pumping;
    const last = await Promise.allSettled([this.membership.close()]);
    for (const result of [...closed, ...last]) if (result.status === "rejected") failure ??= result.reason;
    if (failure !== undefined)
      throw toKafkaError(failure, `closing the consumer of group ${this.options.groupId}`);
  }

  /** Waits for a change of state (or a while, in case none is told). */
  private async nap(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.maxWaitMs ?? defaultMaxWaitMs);
      this.wakePump = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wakePump = undefined;
  }

  private async retryPause(): Promise<void> {
    await sleep(retryPauseMs, undefined, { signal: this.stopping.signal }).catch(() => {});
  }

  private log(level: KafkaLogLevel, message: string, fields: Record<string, unknown> = {}): void {
    this.clientOptions.logger?.(level, `platformatic group consumer: ${message}`, {
      groupId: this.options.groupId,
      ...fields,
    });
  }
}
