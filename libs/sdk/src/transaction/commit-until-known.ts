import { fromGrpcError, OnceportError } from "@onceport/errors";
import type { Span } from "@opentelemetry/api";
import { fromApiResults, type RecordResult } from "../records.ts";
import type { CallContext } from "../retry/call-context.ts";
import { recoveryFor } from "../retry/recovery.ts";
import { withRecovery } from "../retry/with-recovery.ts";
import { rpc } from "../transport/rpc.ts";
import type { OpenTransaction } from "./open-transaction.ts";

/** Commit failures after which the transaction is known not to have committed. */
const notCommitted = new Set(["TRANSACTION_TIMED_OUT", "TRANSACTION_ABORTED", "TRANSACTION_NOT_FOUND"]);

/**
 * Commits, and when the commit's answer is lost, finds out what happened
 * rather than report a failure that may be a success. The transaction's
 * idempotency key tells: BeginTransaction with it answers `already_committed`
 * (it did commit: here are its results), or TRANSACTION_IN_PROGRESS (the commit
 * never arrived: commit again), or begins a new transaction (it did not commit:
 * the session that settled it is ours, so that is final; the new one is aborted).
 */
export async function commitUntilKnown(
  context: CallContext,
  transaction: OpenTransaction,
  span: Span,
): Promise<RecordResult[]> {
  const { keeper } = context.recovery;
  let first: OnceportError;
  try {
    const committed = await rpc(context, "commitTransaction", {
      sessionId: transaction.session.id,
      transactionId: transaction.transactionId,
    });
    return fromApiResults(committed.results);
  } catch (thrown) {
    first = fromGrpcError(thrown);
  }
  if (notCommitted.has(first.reason)) throw first;
  if (first.reason === "PRODUCER_FENCED" && keeper.isCurrent(transaction.session)) {
    throw keeper.markFenced(first);
  }
  if (recoveryFor(first) === "reopen") keeper.invalidate(transaction.session);

  const known = await withRecovery(
    context.recovery,
    "CommitTransaction",
    async (session) => {
      try {
        const begun = await rpc(context, "beginTransaction", {
          sessionId: session.id,
          idempotencyKey: transaction.idempotencyKey,
        });
        if (begun.alreadyCommitted) return fromApiResults(begun.results);
        await abortQuietly(context, session.id, begun.transactionId);
        return undefined;
      } catch (thrown) {
        const error = fromGrpcError(thrown);
        if (error.reason !== "TRANSACTION_IN_PROGRESS" || session !== transaction.session) throw error;
        const committed = await rpc(context, "commitTransaction", {
          sessionId: session.id,
          transactionId: transaction.transactionId,
        });
        return fromApiResults(committed.results);
      }
    },
    { idempotencyKey: transaction.idempotencyKey, span },
  );
  if (known) return known;
  throw new OnceportError(
    "TRANSACTION_ABORTED",
    `transaction ${transaction.idempotencyKey} did not commit (${first.reason}: ${first.message}); nothing of it is visible: run it again`,
    { retriable: true, cause: first },
  );
}

async function abortQuietly(context: CallContext, sessionId: string, transactionId: string): Promise<void> {
  try {
    await rpc(context, "abortTransaction", { sessionId, transactionId });
  } catch {
    // An unaborted transaction is aborted by the gateway's timeout, or by the next session's fencing.
  }
}
