import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import {
  type Record as ApiRecord,
  type ReceiptEntry,
  ReceiptEntrySchema,
  type RecordResult,
} from "@onceport/api";
import { isOnceportError, OnceportError } from "@onceport/errors";
import { ClientProducer, type ProducerTransaction } from "../kafka/client-producer.ts";
import { fencedError } from "../kafka/kafka-errors.ts";
import { SerialQueue } from "../kafka/serial-queue.ts";
import { checkIdempotencyKey, type PlannedRecord, planRecords } from "../publish/record-plan.ts";
import { sendPlanned } from "../publish/send-planned.ts";
import { receiptRecord, receiptsPartition } from "../receipts/receipt-record.ts";
import { checkReceiptRoom, maxReceiptEntriesBytes, receiptEntryBytes } from "../receipts/receipt-size.ts";
import { gatewayMetrics } from "../telemetry/gateway-metrics.ts";
import type { PublishTrace } from "../telemetry/publish-trace.ts";
import { settlePublishTraces, tracePublishTransaction } from "../telemetry/publish-transaction.ts";
import { TransactionTrace } from "../telemetry/transaction-trace.ts";
import { RecentMap } from "../util/recent-map.ts";
import type { EndedTransaction, InteractiveTransaction } from "./interactive-transaction.ts";
import type { SessionEnvironment } from "./session-environment.ts";

export interface PublishOutcome {
  readonly results: readonly RecordResult[];
  /** True when the key had been committed before and nothing was written now. */
  readonly duplicate: boolean;
}

/** One publish of a batch: its key and its checked records. */
export interface PlannedPublish {
  readonly idempotencyKey: string;
  readonly records: readonly PlannedRecord[];
  /** A publish stream's message span: the publish's records are written under it. */
  readonly trace?: PublishTrace | undefined;
}

export type BeginOutcome =
  | { readonly transactionId: string; readonly alreadyCommitted: false }
  | { readonly alreadyCommitted: true; readonly results: readonly RecordResult[] };

type SessionState = "open" | "fenced" | "closed";

/**
 * The one live session of a client in this gateway: it owns the client's
 * transactional producer and runs every operation on it one at a time.
 *
 * A session never re-initialises its producer: that would fence whichever
 * session of the client took over elsewhere. When its producer is lost
 * (fenced, or broken by a commit whose answer was lost), the session ends and
 * the client opens a new one, which fences and catches up.
 */
export class Session {
  readonly id = randomUUID();
  readonly transactionalId: string;
  lastUsedAt = Date.now();
  /** Publish streams bound to this session; an idle sweep never closes a session in use. */
  activeStreams = 0;
  private state: SessionState = "open";
  private released = false;
  private interactive: InteractiveTransaction | undefined;
  private readonly ended = new RecentMap<string, EndedTransaction>(64);
  private readonly queue: SerialQueue;
  private readonly onEnded = new Set<(session: Session) => void>();

  readonly clientId: string;
  private readonly producer: ClientProducer;
  private readonly env: SessionEnvironment;

  private constructor(clientId: string, producer: ClientProducer, env: SessionEnvironment) {
    this.clientId = clientId;
    this.producer = producer;
    this.env = env;
    this.transactionalId = producer.transactionalId;
    this.queue = new SerialQueue(env.maxQueuedPerSession);
  }

  /**
   * Opens a session: connects the client's producer and commits a marker
   * receipt, which initialises the producer (fencing every earlier one of the
   * client, anywhere) and, once read back, proves that every receipt the client
   * committed before is in the receipt book.
   */
  static async open(clientId: string, env: SessionEnvironment): Promise<Session> {
    const transactionalId = `${env.transactionalIdPrefix}${clientId}`;
    const producer = await ClientProducer.connect(
      env.producers,
      transactionalId,
      { transactionTimeoutMs: env.kafkaTransactionTimeoutMs, maxBatchBytes: env.limits.maxKafkaBatchBytes },
      env.logger,
    );
    const marker = `${transactionalId}/${randomUUID()}`;
    const delivered = env.book.waitForMarker(marker, env.catchUpTimeoutMs);
    try {
      await producer.transact(async (transaction) => {
        const partition = await receiptsPartition(env.catalog, env.receiptsTopic, clientId);
        await transaction.send([
          {
            topic: env.receiptsTopic,
            partition,
            records: [receiptRecord(clientId, { sessionMarker: marker })],
          },
        ]);
      });
      await delivered;
    } catch (error) {
      env.book.cancelMarker(marker);
      delivered.catch(() => {}); // its rejection, if any, is this same failure
      await producer.disconnect();
      throw error;
    }
    return new Session(clientId, producer, env);
  }

  get isOpen(): boolean {
    return this.state === "open";
  }

  get isFenced(): boolean {
    return this.state === "fenced";
  }

  get hasOpenTransaction(): boolean {
    return this.interactive !== undefined;
  }

  /** Called once when the session ends, however it ends. */
  whenEnded(listener: (session: Session) => void): void {
    this.onEnded.add(listener);
  }

  /** Fails fast when the session can no longer be used. */
  assertOpen(): void {
    if (this.state === "fenced") throw fencedError(this.transactionalId);
    if (this.state === "closed") throw new OnceportError("SESSION_NOT_FOUND", `session ${this.id} is closed`);
  }

  /** Atomic, idempotent publish of records. */
  async publish(idempotencyKey: string, records: readonly ApiRecord[]): Promise<PublishOutcome> {
    this.touch();
    checkIdempotencyKey(idempotencyKey);
    this.assertOpen();
    const known = this.env.book.lookup(this.clientId, idempotencyKey);
    if (known) return { results: known, duplicate: true };
    const planned = await this.plan(records, idempotencyKey, 0);
    checkReceiptRoom(receiptEntryBytes(idempotencyKey, planned), this.maxReceiptBytes, "the publish");
    const [outcome] = await this.publishBatch([{ idempotencyKey, records: planned }]);
    if (!outcome) throw new OnceportError("INTERNAL", "a batch of one publish gave no outcome");
    return outcome;
  }

  /** The most a transaction's receipt entries may take. */
  private get maxReceiptBytes(): number {
    return maxReceiptEntriesBytes(this.env.limits.maxKafkaBatchBytes);
  }

  /** Checks records for this session's client. */
  plan(records: readonly ApiRecord[], idempotencyKey: string, firstIndex: number): Promise<PlannedRecord[]> {
    return planRecords(
      records,
      { clientId: this.clientId, idempotencyKey, firstIndex },
      this.env.catalog,
      this.env.limits,
    );
  }

  /**
   * Publishes several checked publishes in one transaction with one receipt,
   * as the publish stream does. Keys committed before, or repeated within the
   * batch, are answered as duplicates and written once.
   */
  publishBatch(publishes: readonly PlannedPublish[]): Promise<PublishOutcome[]> {
    this.touch();
    return settlePublishTraces(publishes, this.runBatch(publishes));
  }

  private runBatch(publishes: readonly PlannedPublish[]): Promise<PublishOutcome[]> {
    return this.run(async () => {
      if (this.interactive) {
        throw new OnceportError(
          "TRANSACTION_IN_PROGRESS",
          "an interactive transaction is open on this session",
        );
      }
      const fresh: PlannedPublish[] = [];
      const freshKeys = new Set<string>();
      for (const publish of publishes) {
        const key = publish.idempotencyKey;
        if (!freshKeys.has(key) && !this.env.book.lookup(this.clientId, key)) {
          fresh.push(publish);
          freshKeys.add(key);
        }
      }
      if (fresh.length > 0) {
        // The transaction's span: records' count and outcome; the records' producer spans under it.
        const traced = tracePublishTransaction(this, fresh);
        const records = fresh.reduce((sum, publish) => sum + publish.records.length, 0);
        const receipt = await traced.run(records, () =>
          this.producer.transact(async (transaction) => {
            const results = await sendPlanned(
              transaction,
              fresh.flatMap((publish) => publish.records),
            );
            const entries = [];
            let next = 0;
            for (const publish of fresh) {
              const own = results.slice(next, next + publish.records.length);
              next += publish.records.length;
              entries.push(
                create(ReceiptEntrySchema, { idempotencyKey: publish.idempotencyKey, results: own }),
              );
            }
            const receiptId = await this.sendReceipt(transaction, entries);
            return { entries, receiptId };
          }),
        );
        this.committed(receipt.entries, receipt.receiptId);
      }
      return publishes.map((publish) => {
        const results = this.env.book.lookup(this.clientId, publish.idempotencyKey) ?? [];
        // The first publish of a fresh key wrote it; any other is a duplicate.
        return { results, duplicate: !freshKeys.delete(publish.idempotencyKey) };
      });
    });
  }

  /** Begins an interactive transaction, or tells the result of the one that committed with this key. */
  beginTransaction(idempotencyKey: string): Promise<BeginOutcome> {
    this.touch();
    checkIdempotencyKey(idempotencyKey);
    return this.run(async () => {
      const known = this.env.book.lookup(this.clientId, idempotencyKey);
      if (known) return { alreadyCommitted: true, results: known };
      if (this.interactive) {
        throw new OnceportError("TRANSACTION_IN_PROGRESS", "this session already has an open transaction");
      }
      const transaction = await this.producer.begin();
      const id = randomUUID();
      const interactive: InteractiveTransaction = {
        id,
        idempotencyKey,
        transaction,
        results: [],
        receiptBytes: receiptEntryBytes(idempotencyKey, []),
        idleTimer: undefined,
        // From begin to commit or abort, a child of the BeginTransaction call's span.
        trace: new TransactionTrace("interactive", this, { idempotencyKey, transactionId: id }),
      };
      this.interactive = interactive;
      this.armIdleTimer(interactive);
      return { transactionId: interactive.id, alreadyCommitted: false };
    });
  }

  /** Sends records in the open interactive transaction. Bad input leaves it open and unchanged. */
  send(transactionId: string, records: readonly ApiRecord[]): Promise<RecordResult[]> {
    this.touch();
    return this.run(async () => {
      const interactive = this.openTransaction(transactionId);
      this.armIdleTimer(interactive);
      const planned = await this.plan(records, interactive.idempotencyKey, interactive.results.length);
      const receiptBytes = interactive.receiptBytes + receiptEntryBytes("", planned);
      checkReceiptRoom(receiptBytes, this.maxReceiptBytes, "the transaction with these records");
      try {
        const results = await sendPlanned(interactive.transaction, planned);
        interactive.results.push(...results);
        interactive.receiptBytes = receiptBytes;
        return results;
      } catch (error) {
        await this.endInteractive(interactive, "aborted");
        if (isOnceportError(error, "PRODUCER_FENCED")) throw error;
        throw new OnceportError("TRANSACTION_ABORTED", `the transaction was aborted: ${messageOf(error)}`, {
          cause: error,
        });
      }
    });
  }

  /** Commits the open interactive transaction, writing its idempotency key's receipt in it. */
  commitTransaction(transactionId: string): Promise<RecordResult[]> {
    this.touch();
    return this.run(async () => {
      const interactive = this.openTransaction(transactionId);
      this.clearInteractive(interactive, "committed");
      const entry = create(ReceiptEntrySchema, {
        idempotencyKey: interactive.idempotencyKey,
        results: interactive.results,
      });
      let receiptId: string | undefined;
      try {
        receiptId = await this.sendReceipt(interactive.transaction, [entry]);
      } catch (error) {
        await interactive.transaction.abortAfterFailure();
        this.ended.set(interactive.id, "aborted");
        interactive.trace.end("aborted", 0, error);
        throw error;
      }
      await interactive.trace.settle(interactive.transaction.commit(), interactive.results.length);
      this.committed([entry], receiptId);
      return interactive.results;
    });
  }

  /** Aborts the open interactive transaction. */
  abortTransaction(transactionId: string): Promise<void> {
    this.touch();
    return this.run(async () => {
      const interactive = this.openTransaction(transactionId);
      this.clearInteractive(interactive, "aborted");
      await interactive.transaction.abort();
    });
  }

  /** Closes the session: aborts its open transaction and releases its producer. */
  close(): Promise<void> {
    if (this.state !== "open") return Promise.resolve();
    return this.queue
      .run(async () => {
        if (this.interactive) await this.endInteractive(this.interactive, "aborted");
        await this.end("closed");
      })
      .catch(async () => {
        await this.end("closed");
      });
  }

  /**
   * Another session of the same client opened in this gateway: this one is
   * fenced as it would be by another gateway (its producer is by Kafka too).
   */
  supersede(): void {
    if (this.state !== "open") return;
    this.state = "fenced";
    if (this.interactive) this.clearInteractive(this.interactive, "aborted");
    this.queue.run(() => this.end("fenced")).catch(() => {});
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.queue.run(async () => {
      this.assertOpen();
      try {
        const result = await operation();
        // An abort after a failed send leaves the producer to be replaced (ClientProducer):
        // the session ends, and the client's next call opens a new one.
        if (this.producer.isBroken) await this.end("closed");
        return result;
      } catch (error) {
        if (this.producer.isFenced) {
          await this.end("fenced");
          // Fencing may surface in a later step than the one that failed (an abort after a
          // failed send): the caller is a zombie either way and must hear so, not retry.
          throw isOnceportError(error) && error.reason === "PRODUCER_FENCED"
            ? error
            : fencedError(this.transactionalId, error);
        }
        if (this.producer.isBroken) await this.end("closed");
        throw error;
      }
    });
  }

  private openTransaction(transactionId: string): InteractiveTransaction {
    if (this.interactive?.id === transactionId) return this.interactive;
    const ended = this.ended.get(transactionId);
    if (ended === "timed-out") {
      throw new OnceportError(
        "TRANSACTION_TIMED_OUT",
        `transaction ${transactionId} was idle for over ${this.env.transactionTimeoutMs} ms and was aborted`,
      );
    }
    if (ended === "aborted") {
      throw new OnceportError("TRANSACTION_ABORTED", `transaction ${transactionId} was aborted`, {
        retriable: false,
      });
    }
    throw new OnceportError("TRANSACTION_NOT_FOUND", `no open transaction ${transactionId} on this session`);
  }

  private armIdleTimer(interactive: InteractiveTransaction): void {
    clearTimeout(interactive.idleTimer);
    interactive.idleTimer = setTimeout(() => {
      this.queue
        .run(async () => {
          if (this.interactive !== interactive) return;
          this.env.logger.info(
            { clientId: this.clientId, transactionId: interactive.id },
            "aborting an idle transaction",
          );
          await this.endInteractive(interactive, "timed-out");
        })
        .catch((error: unknown) => {
          this.env.logger.warn(
            { err: error, clientId: this.clientId },
            "aborting an idle transaction failed",
          );
        });
    }, this.env.transactionTimeoutMs);
    interactive.idleTimer.unref();
  }

  private clearInteractive(interactive: InteractiveTransaction, how: EndedTransaction): void {
    clearTimeout(interactive.idleTimer);
    // A commit ends its trace once Kafka answered it.
    if (how !== "committed") interactive.trace.end(how === "timed-out" ? "timed_out" : "aborted", 0);
    if (this.interactive === interactive) this.interactive = undefined;
    this.ended.set(interactive.id, how);
  }

  private async endInteractive(
    interactive: InteractiveTransaction,
    how: "aborted" | "timed-out",
  ): Promise<void> {
    this.clearInteractive(interactive, how);
    await interactive.transaction.abortAfterFailure();
  }

  /** Writes the transaction's receipt; its id, for committed(). */
  private async sendReceipt(
    transaction: ProducerTransaction,
    entries: ReceiptEntry[],
  ): Promise<string | undefined> {
    // Test-only switch for the benchmark of what receipts cost: keys are then
    // remembered by this process alone, so a retry elsewhere may write twice.
    if (this.env.disableReceipts) return undefined;
    const receiptId = this.env.book.nextReceiptId();
    // Sent last, just before the commit, so the receipts partition is part of
    // the transaction only briefly and read_committed readers of it (other
    // gateways catching up) are held back as little as possible.
    const partition = await receiptsPartition(this.env.catalog, this.env.receiptsTopic, this.clientId);
    await transaction.send([
      {
        topic: this.env.receiptsTopic,
        partition,
        records: [receiptRecord(this.clientId, { entries }, receiptId)],
      },
    ]);
    return receiptId;
  }

  /** The transaction with this receipt committed: its keys are known from now on. */
  private committed(
    entries: readonly { idempotencyKey: string; results: readonly RecordResult[] }[],
    receiptId: string | undefined,
  ): void {
    this.env.book.rememberCommitted(this.clientId, receiptId, entries);
    for (const entry of entries) {
      if (entry.idempotencyKey === this.env.crashAfterCommitOfKey) {
        // Fault injection for tests: die between the commit and the answer.
        process.kill(process.pid, "SIGKILL");
      }
    }
  }

  private async end(state: "fenced" | "closed"): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.state === "open") this.state = state;
    if (state === "fenced") gatewayMetrics.fencedSession();
    if (this.interactive) this.clearInteractive(this.interactive, "aborted");
    await this.producer.disconnect();
    for (const listener of this.onEnded) listener(this);
    this.onEnded.clear();
  }

  private touch(): void {
    this.lastUsedAt = Date.now();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
