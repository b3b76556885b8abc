import { fromGrpcError, OnceportError, type Reason } from "@onceport/errors";
import { fromApiResults, type PublishRecord, type RecordResult, toApiRecord } from "../records.ts";
import type { CallContext } from "../retry/call-context.ts";
import { recoveryFor } from "../retry/recovery.ts";
import type { OpenedSession } from "../session/session-keeper.ts";
import { rpc } from "../transport/rpc.ts";

/**
 * Reasons with which the gateway refuses a Send before writing anything: the
 * transaction stays open and unchanged, so the callback may catch them and go on.
 */
const refusedInput = new Set<Reason>([
  "INVALID_ARGUMENT",
  "MALFORMED_REQUEST",
  "EMPTY_PUBLISH",
  "RESERVED_HEADER",
  "TOPIC_NOT_FOUND",
  "PARTITION_NOT_FOUND",
  "RECORD_TOO_LARGE",
  "REQUEST_TOO_LARGE",
  "TOO_MANY_RECORDS",
]);

/** The handle a transaction callback gets. */
export interface Transaction {
  /** The transaction's idempotency key. */
  readonly idempotencyKey: string;
  /**
   * Sends records within the transaction. They become visible to
   * `read_committed` readers only when the transaction commits, which happens
   * after the callback resolves. Results give each record's partition and offset.
   */
  send(records: readonly PublishRecord[]): Promise<RecordResult[]>;
}

/**
 * A begun transaction. A Send that failed for any reason but bad input leaves
 * it unknown whether the records were written: such a transaction must never
 * commit, so it is "poisoned" and aborted when the callback returns.
 */
export class OpenTransaction implements Transaction {
  readonly idempotencyKey: string;
  readonly session: OpenedSession;
  readonly transactionId: string;
  private ended = false;
  private poison: OnceportError | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly context: CallContext;

  constructor(context: CallContext, session: OpenedSession, transactionId: string, idempotencyKey: string) {
    this.context = context;
    this.session = session;
    this.transactionId = transactionId;
    this.idempotencyKey = idempotencyKey;
  }

  /** Why this transaction can no longer commit (TRANSACTION_ABORTED, with the send's error as cause), if it cannot. */
  get poisonedBy(): OnceportError | undefined {
    return this.poison && this.cannotCommit(this.poison);
  }

  async send(records: readonly PublishRecord[]): Promise<RecordResult[]> {
    if (this.ended) {
      throw new OnceportError(
        "TRANSACTION_NOT_FOUND",
        `transaction ${this.idempotencyKey} has ended: send only inside its callback`,
      );
    }
    if (this.poison) throw this.cannotCommit(this.poison);
    const call = rpc(
      this.context,
      "send",
      { sessionId: this.session.id, transactionId: this.transactionId, records: records.map(toApiRecord) },
      { "onceport.idempotency_key": this.idempotencyKey, "messaging.batch.message_count": records.length },
    );
    this.inFlight.add(call);
    try {
      return fromApiResults((await call).results);
    } catch (thrown) {
      const error = fromGrpcError(thrown);
      if (refusedInput.has(error.reason)) throw error;
      this.poison ??= error;
      const { keeper } = this.context.recovery;
      if (error.reason === "PRODUCER_FENCED" && keeper.isCurrent(this.session))
        throw keeper.markFenced(error);
      if (recoveryFor(error) === "reopen") keeper.invalidate(this.session);
      throw this.cannotCommit(error);
    } finally {
      this.inFlight.delete(call);
    }
  }

  /** Ends the callback's use of the handle; waits for sends it did not await. */
  async end(): Promise<void> {
    this.ended = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Aborts, as far as the gateway can be reached. If it cannot be, the session
   * is dropped: the next call opens a new one, whose producer initialisation
   * fences the old producer and aborts the transaction for us.
   */
  async abort(): Promise<void> {
    const { keeper } = this.context.recovery;
    if (!keeper.isCurrent(this.session)) return; // that session, and its transaction, are gone already
    try {
      await rpc(this.context, "abortTransaction", {
        sessionId: this.session.id,
        transactionId: this.transactionId,
      });
    } catch (thrown) {
      const error = fromGrpcError(thrown);
      const gone = ["TRANSACTION_NOT_FOUND", "TRANSACTION_ABORTED", "TRANSACTION_TIMED_OUT"];
      if (!gone.includes(error.reason)) keeper.invalidate(this.session);
    }
  }

  private cannotCommit(cause: OnceportError): OnceportError {
    return new OnceportError(
      "TRANSACTION_ABORTED",
      `transaction ${this.idempotencyKey} cannot commit: a send failed (${cause.reason}: ${cause.message}); it is aborted and nothing of it becomes visible; run it again`,
      { retriable: recoveryFor(cause) !== "fail", cause },
    );
  }
}
