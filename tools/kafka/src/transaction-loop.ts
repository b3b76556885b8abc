// A fault-test workload: one transactional.id committing small transactions back to back,
// with a ledger of what happened to every record, in the style of Kafka's transactions
// system test and Jepsen's checker (see shared testing notes). Any error ends the producer;
// a new one with the same transactional.id takes over, and its InitProducerId aborts (or
// completes, if the commit had got through) whatever the old one left open.

import { setTimeout as sleep } from "node:timers/promises";
import { isKafkaError, type KafkaClient, type TransactionalProducer } from "@onceport/kafka";

/**
 * committed: commit() resolved, so every record must be read exactly once.
 * aborted: aborted on purpose, or failed before commit() was called (then the next
 *   InitProducerId aborts it): never visible.
 * indeterminate: commit() failed, its answer lost; may be visible, at most once.
 */
export type Outcome = "committed" | "aborted" | "indeterminate";

export interface LedgerEntry {
  readonly values: readonly string[];
  readonly outcome: Outcome;
  readonly phase: string;
  /** When the outcome was known (Date.now()). */
  readonly at: number;
}

export interface TransactionLoopOptions {
  readonly client: KafkaClient;
  readonly topic: string;
  readonly partitions: number;
  readonly transactionalId: string;
  readonly recordsPerTransaction: number;
  /** Abort every n-th transaction on purpose, so that isolation is checked too. */
  readonly abortEvery?: number;
  readonly transactionTimeoutMs?: number;
}

/** The value of record `sequence`; its partition is `sequence % partitions`, so order is checkable. */
export function recordValue(sequence: number): string {
  return `seq-${String(sequence).padStart(8, "0")}`;
}

export function sequenceOf(value: string): number {
  return Number(value.slice("seq-".length));
}

export class TransactionLoop {
  readonly ledger: LedgerEntry[] = [];
  /** Error descriptions, for diagnosis when a phase makes no progress. */
  readonly errors: string[] = [];
  /** A label stored with each transaction (e.g. "node-down"), set by the test as it goes. */
  phase = "start";
  private readonly options: TransactionLoopOptions;
  private nextSequence = 0;
  private transactions = 0;
  private stopped = false;
  private producer: TransactionalProducer | undefined;

  constructor(options: TransactionLoopOptions) {
    this.options = options;
  }

  committedIn(phase: string): number {
    return this.ledger.filter((entry) => entry.phase === phase && entry.outcome === "committed").length;
  }

  /** The longest time without a commit, e.g. while the cluster failed over. */
  longestCommitGapMs(): number {
    const times = this.ledger.filter((entry) => entry.outcome === "committed").map((entry) => entry.at);
    return times
      .slice(1)
      .reduce((longest, time, index) => Math.max(longest, time - (times[index] ?? time)), 0);
  }

  /** Runs until stop(); never rejects (errors are recorded in the ledger and `errors`). */
  async run(): Promise<void> {
    while (!this.stopped) await this.oneTransaction();
    await this.dropProducer();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Waits until `count` transactions committed in `phase`; throws with the recent errors on timeout. */
  async waitForCommits(phase: string, count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.committedIn(phase) < count) {
      if (Date.now() >= deadline) {
        throw new Error(
          `only ${this.committedIn(phase)} of ${count} commits in phase ${phase} after ${timeoutMs} ms; ` +
            `recent errors: ${this.errors.slice(-5).join(" | ") || "none"}`,
        );
      }
      await sleep(100);
    }
  }

  private async oneTransaction(): Promise<void> {
    const { topic, partitions, recordsPerTransaction } = this.options;
    const phase = this.phase;
    const sequences = Array.from({ length: recordsPerTransaction }, () => this.nextSequence++);
    const values = sequences.map(recordValue);
    const abortOnPurpose =
      this.options.abortEvery !== undefined && ++this.transactions % this.options.abortEvery === 0;
    let committing = false;
    try {
      this.producer ??= await this.newProducer();
      const transaction = await this.producer.begin();
      const batches = Array.from({ length: partitions }, (_, partition) => ({
        topic,
        partition,
        records: sequences
          .filter((sequence) => sequence % partitions === partition)
          .map((sequence) => ({
            key: Buffer.from(String(sequence)),
            value: Buffer.from(recordValue(sequence)),
            headers: [],
          })),
      })).filter((batch) => batch.records.length > 0);
      await transaction.send(batches);
      if (abortOnPurpose) {
        await transaction.abort();
        this.ledger.push({ values, outcome: "aborted", phase, at: Date.now() });
        return;
      }
      committing = true;
      await transaction.commit();
      this.ledger.push({ values, outcome: "committed", phase, at: Date.now() });
    } catch (error) {
      this.ledger.push({ values, outcome: committing ? "indeterminate" : "aborted", phase, at: Date.now() });
      const what = isKafkaError(error) ? `${error.kind}${error.code ? ` ${error.code}` : ""}` : String(error);
      this.errors.push(`${phase}/${committing ? "commit" : "send"}: ${what}`);
      // A producer whose transaction failed is not reused (a fenced one is dead, and after an
      // ambiguous commit only a new producer's init settles it): start over with a new one.
      await this.dropProducer();
      await sleep(250);
    }
  }

  private async newProducer(): Promise<TransactionalProducer> {
    return this.options.client.transactionalProducer({
      transactionalId: this.options.transactionalId,
      transactionTimeoutMs: this.options.transactionTimeoutMs ?? 30_000,
    });
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close().catch(() => undefined);
  }
}
