import { SpanKind } from "@opentelemetry/api";
import { fromApiResults, type RecordResult } from "../records.ts";
import type { CallContext } from "../retry/call-context.ts";
import { withRecovery } from "../retry/with-recovery.ts";
import type { SessionGate } from "../session/session-gate.ts";
import { inSpan } from "../tracing/client-span.ts";
import { rpc } from "../transport/rpc.ts";
import { commitUntilKnown } from "./commit-until-known.ts";
import { OpenTransaction, type Transaction } from "./open-transaction.ts";

/** How a transaction ended. */
export type TransactionOutcome<T> =
  | {
      /** This call ran the callback and committed what it sent. */
      readonly duplicate: false;
      readonly idempotencyKey: string;
      /** What the callback returned. */
      readonly value: T;
      /** Where every record sent landed, in the order sent. */
      readonly results: readonly RecordResult[];
    }
  | {
      /**
       * A transaction with this idempotency key had committed before: the
       * callback was NOT run again (so nothing is written twice), and `results`
       * are that transaction's.
       */
      readonly duplicate: true;
      readonly idempotencyKey: string;
      readonly value: undefined;
      readonly results: readonly RecordResult[];
    };

/**
 * Begin, the callback's sends, then commit; abort when the callback throws (or
 * a send failed in a way that leaves the transaction unknowable). It holds the
 * session alone meanwhile, since the gateway allows one transaction per session
 * and no publish beside it.
 */
export async function runTransaction<T>(
  context: CallContext,
  gate: SessionGate,
  work: (transaction: Transaction) => Promise<T>,
  idempotencyKey: string,
): Promise<TransactionOutcome<T>> {
  await gate.acquireExclusive();
  try {
    return await inSpan(
      "onceport transaction",
      SpanKind.INTERNAL,
      { "onceport.client_id": context.clientId, "onceport.idempotency_key": idempotencyKey },
      async (span) => {
        const begun = await withRecovery(
          context.recovery,
          "BeginTransaction",
          async (session) => ({
            session,
            response: await rpc(context, "beginTransaction", { sessionId: session.id, idempotencyKey }),
          }),
          { idempotencyKey, span },
        );
        if (begun.response.alreadyCommitted) {
          span.setAttribute("onceport.duplicate", true);
          const results = fromApiResults(begun.response.results);
          return { duplicate: true, idempotencyKey, value: undefined, results };
        }
        const transaction = new OpenTransaction(
          context,
          begun.session,
          begun.response.transactionId,
          idempotencyKey,
        );
        let value: T;
        try {
          value = await work(transaction);
        } catch (error) {
          await transaction.end();
          await transaction.abort();
          throw error;
        }
        await transaction.end();
        const poison = transaction.poisonedBy;
        if (poison) {
          // The callback swallowed a failed send; committing now could lose or double records.
          await transaction.abort();
          throw poison;
        }
        const results = await commitUntilKnown(context, transaction, span);
        return { duplicate: false, idempotencyKey, value, results };
      },
    );
  } finally {
    gate.releaseExclusive();
  }
}
