// A PartitionReader on @platformatic/kafka's Consumer#fetch: one Fetch request to a broker for
// the partitions it leads, at the reader's own positions. The Consumer never joins its group
// (its constructor asks for a group id; nothing else uses it), so no offsets are committed and
// no rebalance moves partitions away. The group consumer (group-consumer.ts) reads through it
// too, pausing a partition while a handler holds its batch.
import { setTimeout as sleep } from "node:timers/promises";
import { Consumer, FetchIsolationLevels, type fetchV17 } from "@platformatic/kafka";
import type { KafkaClientOptions } from "../../client.ts";
import { KafkaError } from "../../kafka-error.ts";
import type { ConsumedBatch, PartitionReader, ReaderOptions } from "../../reader.ts";
import { type PartitionOffset, partitionKey, type TopicPartition } from "../../records.ts";
import { baseOptions } from "./connection-options.ts";
import { readFetchedPartition } from "./fetched-partition.ts";
import { toKafkaError } from "./platformatic-errors.ts";

/** Java's max.partition.fetch.bytes and fetch.max.bytes defaults. */
const defaultMaxBytesPerPartition = 1024 * 1024;
const maxBytesPerFetch = 50 * 1024 * 1024;
/** After a failed fetch (a leader moving, a broker away), the pause before fetching again. */
const retryPauseMs = 200;

/** Where each assigned partition is served: its leader and its topic's id (Fetch v13+ names topics by id). */
interface Layout {
  readonly leaders: Map<string, number>;
  readonly topicIds: Map<string, string>;
  readonly topicNames: Map<string, string>;
  /** Some partition had no leader. */
  incomplete: boolean;
}

/** A batch, and the position it was read from (a group consumer reads the same records again from it). */
export interface FetchedBatch extends ConsumedBatch {
  readonly fetchedFrom: bigint;
}

/** A Fetch's answer, kept until a poll takes it. */
interface Outcome {
  readonly generation: number;
  readonly node: number;
  readonly requested: Map<string, bigint>;
  readonly response?: fetchV17.FetchResponse;
  readonly error?: KafkaError;
}

export class PlatformaticPartitionReader implements PartitionReader {
  private readonly consumer: Consumer;
  private readonly options: KafkaClientOptions;
  private readonly isolation: ReaderOptions["isolation"];
  private readonly maxBytesPerPartition: number;
  private positions = new Map<string, PartitionOffset>();
  /** Bumped by assign: answers to fetches sent before it are dropped. */
  private generation = 0;
  private layout: Layout | undefined;
  /** A fetch failed: the next lookup asks the brokers, not the client's cache. */
  private stale = false;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly outcomes: Outcome[] = [];
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(clientOptions: KafkaClientOptions, options: ReaderOptions, groupId: string) {
    this.options = clientOptions;
    this.isolation = options.isolation;
    this.maxBytesPerPartition = options.maxBytesPerPartition ?? defaultMaxBytesPerPartition;
    // Retries are the poll loop's: a fetch that fails is sent again at the next round.
    this.consumer = new Consumer({ ...baseOptions(clientOptions, "reader"), groupId, retries: 0 });
  }

  async assign(positions: readonly PartitionOffset[]): Promise<void> {
    this.checkOpen("assign");
    this.generation++;
    this.positions = new Map(
      positions.map((position) => [partitionKey(position.topic, position.partition), position]),
    );
    this.outcomes.length = 0;
    this.layout = undefined;
    await this.currentLayout();
  }

  async poll(maxWaitMs: number): Promise<FetchedBatch[]> {
    this.checkOpen("poll");
    const deadline = Date.now() + maxWaitMs;
    if (this.positions.size === 0) {
      // Nothing to read (every partition paused, say): answers still coming are for none of
      // them. A resume ends the wait.
      this.outcomes.length = 0;
      await this.nextOutcome(maxWaitMs);
      return [];
    }
    for (;;) {
      const layout = await this.currentLayout();
      this.startFetches(layout, Math.max(0, deadline - Date.now()));
      await this.nextOutcome(deadline - Date.now());
      const { batches, failed } = this.takeOutcomes();
      const left = deadline - Date.now();
      if (failed && left > 0) await sleep(Math.min(left, retryPauseMs));
      if (batches.length > 0 || failed || Date.now() >= deadline || this.closed) return batches;
    }
  }

  /**
   * Stops fetching one partition until `resume`, without dropping the answers other partitions'
   * fetches under way bring (as assign would).
   */
  pause({ topic, partition }: TopicPartition): void {
    this.positions.delete(partitionKey(topic, partition));
  }

  /** Fetches one partition from this offset next: a poll under way sends for it without waiting out its time. */
  resume(position: PartitionOffset): void {
    const key = partitionKey(position.topic, position.partition);
    this.positions.set(key, position);
    // Leaders looked up while it was paused left it out: look them up again (from the cache).
    if (this.layout !== undefined && !this.layout.incomplete && !this.layout.leaders.has(key))
      this.layout = undefined;
    this.wake?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    try {
      await this.consumer.close(true);
    } catch (error) {
      throw toKafkaError(error, "close");
    } finally {
      await Promise.allSettled(this.inFlight.values());
    }
  }

  private checkOpen(action: string): void {
    if (this.closed) throw new KafkaError("unknown", `${action}: the reader is closed`);
  }

  /** The leaders of the assigned partitions: looked up again after a failed fetch or while one has none. */
  private async currentLayout(): Promise<Layout> {
    if (this.layout !== undefined && !this.layout.incomplete) return this.layout;
    const topics = [...new Set([...this.positions.values()].map((position) => position.topic))];
    let metadata: Awaited<ReturnType<Consumer["metadata"]>>;
    try {
      // The client's cached metadata is fine after assign, not once its leaders proved wrong.
      metadata = await this.consumer.metadata({
        topics,
        forceUpdate: this.layout !== undefined || this.stale,
      });
    } catch (error) {
      throw toKafkaError(error, "poll: metadata");
    }
    this.stale = false;
    const layout: Layout = {
      leaders: new Map(),
      topicIds: new Map(),
      topicNames: new Map(),
      incomplete: false,
    };
    for (const { topic, partition } of this.positions.values()) {
      const description = metadata.topics.get(topic);
      const leader = description?.partitions[partition]?.leader;
      if (description === undefined || leader === undefined) {
        throw new KafkaError("unknown-topic", `poll: no partition ${topic}/${partition}`, {
          code: "UNKNOWN_TOPIC_OR_PARTITION",
        });
      }
      layout.topicIds.set(topic, description.id);
      layout.topicNames.set(description.id, topic);
      // No leader now (an election): that partition waits for the next lookup.
      if (leader >= 0) layout.leaders.set(partitionKey(topic, partition), leader);
      else layout.incomplete = true;
    }
    this.layout = layout;
    return layout;
  }

  /** A fetch to every leader of assigned partitions that has none in flight. */
  private startFetches(layout: Layout, maxWaitMs: number): void {
    const byNode = new Map<number, PartitionOffset[]>();
    for (const [key, position] of this.positions) {
      const node = layout.leaders.get(key);
      if (node === undefined || this.inFlight.has(node)) continue;
      const positions = byNode.get(node) ?? [];
      positions.push(position);
      byNode.set(node, positions);
    }
    for (const [node, positions] of byNode) {
      const fetch = this.fetch(layout, node, positions, maxWaitMs).finally(() => {
        this.inFlight.delete(node);
        this.wake?.();
      });
      this.inFlight.set(node, fetch);
    }
  }

  /** Never rejects: the answer or the error is kept as an Outcome. */
  private async fetch(
    layout: Layout,
    node: number,
    positions: PartitionOffset[],
    maxWaitMs: number,
  ): Promise<void> {
    const generation = this.generation;
    const requested = new Map(positions.map((p) => [partitionKey(p.topic, p.partition), p.offset]));
    const topics = new Map<string, fetchV17.FetchRequestTopic>();
    for (const { topic, partition, offset } of positions) {
      const topicId = layout.topicIds.get(topic) ?? topic;
      const request = topics.get(topicId) ?? { topicId, partitions: [] };
      request.partitions.push({
        partition,
        currentLeaderEpoch: -1,
        fetchOffset: offset,
        lastFetchedEpoch: -1,
        partitionMaxBytes: this.maxBytesPerPartition,
      });
      topics.set(topicId, request);
    }
    try {
      const response = await this.consumer.fetch({
        node,
        topics: [...topics.values()],
        isolationLevel:
          this.isolation === "read_committed"
            ? FetchIsolationLevels.READ_COMMITTED
            : FetchIsolationLevels.READ_UNCOMMITTED,
        maxWaitTime: maxWaitMs,
        minBytes: 1,
        maxBytes: Math.max(maxBytesPerFetch, this.maxBytesPerPartition),
      });
      this.outcomes.push({ generation, node, requested, response });
    } catch (error) {
      this.outcomes.push({
        generation,
        node,
        requested,
        error: toKafkaError(error, `poll: fetch from broker ${node}`),
      });
    }
  }

  private async nextOutcome(waitMs: number): Promise<void> {
    if (this.outcomes.length > 0 || waitMs <= 0 || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      const wake = () => done();
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wake = undefined;
  }

  /** The answers in, as batches; throws the first error that no retry can cure. */
  private takeOutcomes(): { batches: FetchedBatch[]; failed: boolean } {
    const outcomes = this.outcomes.splice(0).filter((outcome) => outcome.generation === this.generation);
    const fatal = outcomes.find((outcome) => outcome.error !== undefined && !outcome.error.retriable);
    if (fatal?.error !== undefined) {
      // The others stay for the next poll.
      this.outcomes.push(...outcomes.filter((outcome) => outcome !== fatal));
      throw fatal.error;
    }
    const batches: FetchedBatch[] = [];
    let failed = false;
    for (const outcome of outcomes) {
      if (outcome.error !== undefined) {
        failed = true;
        this.layout = undefined;
        this.stale = true;
        this.options.logger?.("warn", "platformatic reader: fetch failed, retrying", {
          node: outcome.node,
          error: outcome.error.message,
        });
        continue;
      }
      if (outcome.response !== undefined) batches.push(...this.batchesOf(outcome, outcome.response));
    }
    return { batches, failed };
  }

  private batchesOf(outcome: Outcome, response: fetchV17.FetchResponse): FetchedBatch[] {
    const batches: FetchedBatch[] = [];
    for (const { topicId, partitions } of response.responses) {
      const topic = this.layout?.topicNames.get(topicId) ?? topicId;
      for (const fetched of partitions) {
        const key = partitionKey(topic, fetched.partitionIndex);
        const position = this.positions.get(key);
        // Only an answer for where the partition still is counts (a leader moved meanwhile
        // and another fetch read it already, say).
        if (position === undefined || outcome.requested.get(key) !== position.offset) continue;
        const read = readFetchedPartition(
          topic,
          fetched.partitionIndex,
          fetched,
          position.offset,
          this.isolation,
        );
        if (read.records.length === 0 && read.nextOffset === position.offset) continue;
        this.positions.set(key, { ...position, offset: read.nextOffset });
        batches.push({
          topic,
          partition: fetched.partitionIndex,
          records: read.records,
          nextOffset: read.nextOffset,
          fetchedFrom: position.offset,
        });
      }
    }
    return batches;
  }
}
