import { randomUUID } from "node:crypto";
import type { Record as ApiRecord, RecordResult } from "@onceport/api";
import { isOnceportError, OnceportError } from "@onceport/errors";
import { ClientProducer } from "../kafka/client-producer.ts";
import { fencedError } from "../kafka/kafka-errors.ts";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import { SerialQueue } from "../kafka/serial-queue.ts";
import { checkIdempotencyKey, planRecords } from "../publish/record-plan.ts";
import { interactiveTransactionFingerprint, publishFingerprint } from "../publish/request-fingerprint.ts";
import { sendPlanned } from "../publish/send-planned.ts";
import { checkReceiptRoom, maxReceiptEntriesBytes, receiptEntryBytes } from "../receipts/receipt-size.ts";
import type { ClientReceipts, CommittingKey, StagedReceipt } from "../receipts/receipt-store.ts";
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

/** A publish of a batch refused alone (its key reused for other records): nothing was written for it. */
export interface RefusedPublish {
  readonly refused: OnceportError;
}

/** One publish of a batch: its key, its request's fingerprint and its checked records. */
export interface PlannedPublish {
  readonly idempotencyKey: string;
  /** publishFingerprint of the records as the caller sent them. */
  readonly fingerprint: Uint8Array;
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
  private readonly receipts: ClientReceipts;
  private readonly env: SessionEnvironment;

  private constructor(
    clientId: string,
    producer: ClientProducer,
    receipts: ClientReceipts,
    env: SessionEnvironment,
  ) {
    this.clientId = clientId;
    this.producer = producer;
    this.receipts = receipts;
    this.env = env;
    this.transactionalId = producer.transactionalId;
    this.queue = new SerialQueue(env.maxQueuedPerSession);
  }

  /**
   * Opens a session: connects the client's producer, which initialises it (fencing every
   * earlier one of the client, anywhere), then catches up on the client's receipts, so every
   * key the client committed before, through any gateway, is known before the first answer.
   */
  static async open(clientId: string, env: SessionEnvironment): Promise<Session> {
    const transactionalId = `${env.transactionalIdPrefix}${clientId}`;
    const producer = await ClientProducer.connect(
      env.producers,
      transactionalId,
      { transactionTimeoutMs: env.kafkaTransactionTimeoutMs, maxBatchBytes: env.limits.maxKafkaBatchBytes },
      env.logger,
    );
    try {
      const receipts = await env.receipts.catchUp(clientId, producer);
      return new Session(clientId, producer, receipts, env);
    } catch (error) {
      await producer.disconnect();
      throw error;
    }
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
    const fingerprint = publishFingerprint(records);
    const planned = await this.plan(records, idempotencyKey, 0);
    checkReceiptRoom(receiptEntryBytes(idempotencyKey, planned), this.maxReceiptBytes, "the publish");
    const [outcome] = await this.publishBatch([{ idempotencyKey, fingerprint, records: planned }]);
    if (!outcome) throw new OnceportError("INTERNAL", "a batch of one publish gave no outcome");
    if ("refused" in outcome) throw outcome.refused;
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
   * batch, are answered as duplicates and written once; a key reused for other
   * records is refused alone.
   */
  publishBatch(publishes: readonly PlannedPublish[]): Promise<(PublishOutcome | RefusedPublish)[]> {
    this.touch();
    return settlePublishTraces(publishes, this.runBatch(publishes));
  }

  private runBatch(publishes: readonly PlannedPublish[]): Promise<(PublishOutcome | RefusedPublish)[]> {
    return this.run(async () => {
      if (this.interactive) {
        throw new OnceportError(
          "TRANSACTION_IN_PROGRESS",
          "an interactive transaction is open on this session",
        );
      }
      const outcomes: (PublishOutcome | RefusedPublish | undefined)[] = [];
      const fresh: PlannedPublish[] = [];
      const freshByKey = new Map<string, PlannedPublish>();
      for (const publish of publishes) {
        const key = publish.idempotencyKey;
        const first = freshByKey.get(key);
        if (first) {
          // Repeated within the batch: answered with the first one's results once written.
          outcomes.push(
            Buffer.from(first.fingerprint).equals(publish.fingerprint)
              ? undefined
              : { refused: keyReused(key) },
          );
          continue;
        }
        const known = await this.lookup(key, publish.fingerprint);
        if (known === undefined) {
          fresh.push(publish);
          freshByKey.set(key, publish);
        }
        outcomes.push(known && ("refused" in known ? known : { results: known.results, duplicate: true }));
      }
      const written = new Map<string, readonly RecordResult[]>();
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
            const keys: CommittingKey[] = [];
            let next = 0;
            for (const publish of fresh) {
              const own = results.slice(next, next + publish.records.length);
              next += publish.records.length;
              keys.push({
                idempotencyKey: publish.idempotencyKey,
                fingerprint: publish.fingerprint,
                results: own,
              });
            }
            // Sent last, just before the commit, so the receipts partition is part of the
            // transaction only briefly and read_committed readers of it (sessions catching
            // up) are held back as little as possible.
            return this.receipts.stage(transaction, keys);
          }),
        );
        this.committed(receipt);
        for (const entry of receipt.entries) written.set(entry.idempotencyKey, entry.results);
      }
      return publishes.map((publish, index) => {
        const outcome = outcomes[index];
        if (outcome) return outcome;
        const results = written.get(publish.idempotencyKey) ?? [];
        // The first publish of a fresh key wrote it; a repeat of it in the batch is a duplicate.
        return { results, duplicate: freshByKey.get(publish.idempotencyKey) !== publish };
      });
    });
  }

  /** What the key committed before; a reuse of it for another request, as the publish's refusal. */
  private async lookup(
    idempotencyKey: string,
    fingerprint: Uint8Array,
  ): Promise<{ readonly results: readonly RecordResult[] } | RefusedPublish | undefined> {
    try {
      const results = await this.receipts.lookup(idempotencyKey, fingerprint);
      return results && { results };
    } catch (error) {
      if (isOnceportError(error, "IDEMPOTENCY_KEY_REUSED")) return { refused: error };
      throw error;
    }
  }

  /** Begins an interactive transaction, or tells the result of the one that committed with this key. */
  beginTransaction(idempotencyKey: string): Promise<BeginOutcome> {
    this.touch();
    checkIdempotencyKey(idempotencyKey);
    return this.run(async () => {
      const known = await this.receipts.lookup(idempotencyKey, interactiveTransactionFingerprint);
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
      let receipt: StagedReceipt;
      try {
        receipt = await this.receipts.stage(interactive.transaction, [
          {
            idempotencyKey: interactive.idempotencyKey,
            fingerprint: interactiveTransactionFingerprint,
            results: interactive.results,
          },
        ]);
      } catch (error) {
        await interactive.transaction.abortAfterFailure();
        this.ended.set(interactive.id, "aborted");
        interactive.trace.end("aborted", 0, error);
        throw error;
      }
      await interactive.trace.settle(interactive.transaction.commit(), interactive.results.length);
      this.committed(receipt);
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

  /** The transaction with this receipt committed: its keys are known from now on. */
  private committed(receipt: StagedReceipt): void {
    this.receipts.committed(receipt);
    this.env.afterCommit?.(receipt);
  }

  private async end(state: "fenced" | "closed"): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.state === "open") this.state = state;
    if (state === "fenced") gatewayMetrics.fencedSession();
    if (this.interactive) this.clearInteractive(this.interactive, "aborted");
    this.receipts.release();
    await this.producer.disconnect();
    for (const listener of this.onEnded) listener(this);
    this.onEnded.clear();
  }

  private touch(): void {
    this.lastUsedAt = Date.now();
  }
}

function keyReused(idempotencyKey: string): OnceportError {
  return new OnceportError(
    "IDEMPOTENCY_KEY_REUSED",
    `idempotency key ${JSON.stringify(idempotencyKey.slice(0, 40))} came twice in one batch with different records; the first was written`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
