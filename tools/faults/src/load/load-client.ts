// One load client: an SDK client with its own client id writing its plan (plan.ts) through
// the gateway, in one of three ways: atomic publishes, interactive transactions (two sends
// each), or the publish stream. Publishes and transactions go one at a time, so that the
// client's order per partition is a claim the audit can check; the stream keeps a window of
// publishes in flight and the SDK keeps their order. Every outcome goes to the ledger.
import { connect, type OnceportClient, type PublishRecord, type PublishResult } from "@onceport/sdk";
import { errorText } from "../util/error-text.ts";
import { ledgerEntries } from "./ledger-entries.ts";
import type { LedgerFile } from "./ledger-file.ts";
import { Pacer } from "./pacer.ts";
import { type ClientPlan, type PlannedPublish, plannedPublish, publishCount } from "./plan.ts";
import { type Known, untilKnown } from "./until-known.ts";

export interface LoadHooks {
  /** Inside a transaction, after its first send: a client process may die here. */
  readonly midTransaction?: (publish: number) => void;
  /** After a publish was handed to the stream, with how many are unacknowledged. */
  readonly submitted?: (publish: number, inFlight: number) => void;
}

export interface LoadClientOptions {
  readonly plan: ClientPlan;
  /** The gateway, or the client's route to one. */
  readonly address: string;
  readonly ledger: LedgerFile;
  /** Write "unknown" lines before each publish goes out: what a process that may be killed knew. */
  readonly intents?: boolean;
  /** How long one publish is retried (same key) before its outcome is recorded as unknown. */
  readonly deadlineMs: number;
  /** Stream: publishes in flight at most. */
  readonly streamWindow?: number;
  /** Publishes to do again first, in order (their outcome was unknown when a process died). */
  readonly redo?: readonly number[];
  /** The first publish not done yet. */
  readonly from?: number;
  /** Publishes started per second at most (see Pacer); none: as fast as it goes. */
  readonly publishesPerSecond?: number;
  readonly hooks?: LoadHooks;
}

export interface LoadCounts {
  readonly acknowledged: number;
  readonly failed: number;
  readonly unknown: number;
  /** Publishes answered `duplicate`: a retry whose key had committed already. */
  readonly duplicateAnswers: number;
  readonly retries: number;
}

export class LoadClient {
  readonly plan: ClientPlan;
  /** When each publish was acknowledged (ms since the epoch), in order. */
  readonly ackTimes: number[] = [];
  /** When each acknowledged publish or transaction was called (not kept for the stream). */
  readonly ackStarts: number[] | undefined;
  private counts = { acknowledged: 0, failed: 0, unknown: 0, duplicateAnswers: 0, retries: 0 };
  private client: OnceportClient | undefined;
  private problem: string | undefined;
  private finished = false;
  private readonly options: LoadClientOptions;

  constructor(options: LoadClientOptions) {
    this.options = options;
    this.plan = options.plan;
    this.ackStarts = options.plan.kind === "stream" ? undefined : [];
  }

  get clientId(): string {
    return this.plan.clientId;
  }

  /** Records it is to write. */
  get target(): number {
    return this.plan.records;
  }

  /** Records acknowledged so far. */
  get acked(): number {
    return this.counts.acknowledged;
  }

  get stats(): LoadCounts {
    return { ...this.counts };
  }

  get done(): boolean {
    return this.finished;
  }

  /** Why the client stopped early, if it did. */
  get error(): string | undefined {
    return this.problem;
  }

  /** Writes the whole plan; resolves when every publish has an outcome (never rejects). */
  async run(): Promise<void> {
    try {
      this.client = await this.connect();
      const publishes = this.publishes();
      const pacer = new Pacer(this.options.publishesPerSecond);
      if (this.plan.kind === "stream") await this.stream(this.client, publishes, pacer);
      else {
        for (const number of publishes) {
          await pacer.next();
          await this.one(this.client, number);
        }
      }
    } catch (error) {
      this.problem = errorText(error);
    } finally {
      this.finished = true;
      await this.client?.close().catch(() => {});
    }
  }

  private publishes(): number[] {
    const from = this.options.from ?? 0;
    const rest = Array.from({ length: Math.max(0, publishCount(this.plan) - from) }, (_, i) => from + i);
    return [...(this.options.redo ?? []), ...rest];
  }

  private async connect(): Promise<OnceportClient> {
    const known = await untilKnown(
      () =>
        connect({
          address: this.options.address,
          clientId: this.plan.clientId,
          callTimeoutMs: 20_000,
          // Ride out every fault of the suite; the load client's own loop bounds the total.
          retry: { maxAttempts: 10_000, maxDelayMs: 1_000, maxElapsedMs: this.options.deadlineMs },
          onRetry: () => {
            this.counts.retries++;
          },
        }),
      { deadlineMs: this.options.deadlineMs },
    );
    if (known.outcome !== "acknowledged") throw new Error(`could not connect: ${String(known.error)}`);
    return known.value;
  }

  private toRecords(publish: PlannedPublish): PublishRecord[] {
    return publish.records.map((record) => ({
      topic: this.plan.topic,
      partition: record.partition,
      messageId: record.messageId,
      value: record.value,
    }));
  }

  private async one(client: OnceportClient, number: number): Promise<void> {
    const publish = plannedPublish(this.plan, number);
    if (this.options.intents) this.options.ledger.write(ledgerEntries(this.plan, publish, "unknown"));
    const records = this.toRecords(publish);
    const calledAt = Date.now();
    const options = { deadlineMs: this.options.deadlineMs, onRetry: () => this.counts.retries++ };
    let known: Known<PublishResult>;
    if (this.plan.kind === "transaction") {
      const half = Math.ceil(records.length / 2);
      known = await untilKnown(
        async () => {
          const outcome = await client.transaction(
            async (tx) => {
              await tx.send(records.slice(0, half));
              this.options.hooks?.midTransaction?.(number);
              if (half < records.length) await tx.send(records.slice(half));
            },
            { idempotencyKey: publish.idempotencyKey },
          );
          return {
            idempotencyKey: publish.idempotencyKey,
            results: outcome.results,
            duplicate: outcome.duplicate,
          };
        },
        { ...options, transaction: true },
      );
    } else {
      known = await untilKnown(
        () => client.publish(records, { idempotencyKey: publish.idempotencyKey }),
        options,
      );
    }
    this.settle(publish, known, calledAt);
  }

  private async stream(client: OnceportClient, publishes: readonly number[], pacer: Pacer): Promise<void> {
    const window = this.options.streamWindow ?? 50;
    const publisher = client.publisher({
      maxInFlight: window,
      maxInFlightRecords: window * this.plan.recordsPerPublish,
      ackTimeoutMs: 15_000,
    });
    const pending = new Set<Promise<void>>();
    try {
      for (const number of publishes) {
        await pacer.next();
        const publish = plannedPublish(this.plan, number);
        if (this.options.intents) this.options.ledger.write(ledgerEntries(this.plan, publish, "unknown"));
        const { acknowledged } = await publisher.submit(this.toRecords(publish), {
          idempotencyKey: publish.idempotencyKey,
        });
        const settled = acknowledged.then(
          (value): Known<PublishResult> => ({ outcome: "acknowledged", value, attempts: 1 }),
          // The publisher re-sends on every drop until its policy runs out: a rejection that
          // is retriable means it gave up, with the outcome unknown.
          (error: { retriable?: boolean }): Known<PublishResult> => ({
            outcome: error.retriable === false ? "failed" : "unknown",
            error,
            attempts: 1,
          }),
        );
        const tracked = settled.then((known) => this.settle(publish, known));
        pending.add(tracked);
        tracked.finally(() => pending.delete(tracked)).catch(() => {});
        this.options.hooks?.submitted?.(number, publisher.inFlight);
      }
      await Promise.all(pending);
    } finally {
      await publisher.close().catch(() => {});
    }
  }

  private settle(publish: PlannedPublish, known: Known<PublishResult>, calledAt?: number): void {
    if (known.outcome === "acknowledged") {
      this.options.ledger.write(ledgerEntries(this.plan, publish, "acknowledged", known.value.results));
      this.counts.acknowledged += publish.records.length;
      if (known.value.duplicate) this.counts.duplicateAnswers++;
      this.ackTimes.push(Date.now());
      if (calledAt !== undefined) this.ackStarts?.push(calledAt);
      return;
    }
    this.options.ledger.write(ledgerEntries(this.plan, publish, known.outcome));
    this.counts[known.outcome] += publish.records.length;
    this.problem ??= `${publish.idempotencyKey} ${known.outcome}: ${errorText(known.error)}`;
  }
}
