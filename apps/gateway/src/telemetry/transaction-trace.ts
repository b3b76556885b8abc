import { type Context, context, type Link, type Span, trace } from "@opentelemetry/api";
import {
  gatewayMetrics,
  secondsSince,
  type TransactionKind,
  type TransactionOutcome,
} from "./gateway-metrics.ts";
import { activeTracer } from "./gateway-tracer.ts";
import {
  ATTR_CLIENT_ID,
  ATTR_IDEMPOTENCY_KEY,
  ATTR_TRANSACTION_ID,
  ATTR_TRANSACTION_KIND,
  ATTR_TRANSACTION_OUTCOME,
  ATTR_TRANSACTION_RECORDS,
  ATTR_TRANSACTIONAL_ID,
} from "./semconv.ts";
import { endSpan, failureOf, markFailed } from "./span-status.ts";

/** Who runs the transaction. */
export interface TransactionOwner {
  readonly clientId: string;
  readonly transactionalId: string;
}

export interface TransactionDetails {
  readonly idempotencyKey?: string;
  readonly transactionId?: string;
  /** Spans this transaction serves (the publishes of a stream batch, the inputs of a Process batch). */
  readonly links?: Link[];
  /** The parent; the active context by default. */
  readonly parent?: Context;
}

/**
 * One Kafka transaction, from begin to commit or abort: an `onceport
 * transaction` span with the records' count and the outcome, and the
 * transaction metrics. `end` counts once, however often it is called.
 */
export class TransactionTrace {
  private readonly startedAt = performance.now();
  private ended = false;
  readonly span: Span | undefined;
  /** Where the transaction's own work runs: its producer spans are children of the span. */
  readonly context: Context;
  private readonly kind: TransactionKind;

  constructor(kind: TransactionKind, owner: TransactionOwner, details: TransactionDetails = {}) {
    this.kind = kind;
    const parent = details.parent ?? context.active();
    this.span = activeTracer()?.startSpan(
      "onceport transaction",
      {
        attributes: {
          [ATTR_TRANSACTION_KIND]: kind,
          [ATTR_CLIENT_ID]: owner.clientId,
          [ATTR_TRANSACTIONAL_ID]: owner.transactionalId,
          ...(details.idempotencyKey === undefined ? {} : { [ATTR_IDEMPOTENCY_KEY]: details.idempotencyKey }),
          ...(details.transactionId === undefined ? {} : { [ATTR_TRANSACTION_ID]: details.transactionId }),
        },
        links: details.links ?? [],
      },
      parent,
    );
    this.context = this.span ? trace.setSpan(parent, this.span) : parent;
  }

  /** Runs the transaction's work in its context, and ends it as the work ends. */
  async run<T>(records: number, work: () => Promise<T>): Promise<T> {
    try {
      const result = await context.with(this.context, work);
      this.end("committed", records);
      return result;
    } catch (error) {
      this.end(outcomeOf(error), 0, error);
      throw error;
    }
  }

  /** Ends the transaction as its commit ends. */
  async settle(commit: Promise<void>, records: number): Promise<void> {
    return this.run(records, () => commit);
  }

  end(outcome: TransactionOutcome, records: number, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (this.span?.isRecording()) {
      this.span.setAttributes({ [ATTR_TRANSACTION_OUTCOME]: outcome, [ATTR_TRANSACTION_RECORDS]: records });
      if (error !== undefined) markFailed(this.span, error);
    }
    endSpan(this.span);
    gatewayMetrics.transaction(this.kind, outcome, secondsSince(this.startedAt), records);
  }
}

/** A commit whose answer was lost may have happened; any other failure aborted the transaction. */
function outcomeOf(error: unknown): TransactionOutcome {
  return failureOf(error).reason === "COMMIT_OUTCOME_UNKNOWN" ? "unknown" : "aborted";
}
