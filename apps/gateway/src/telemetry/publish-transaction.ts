import type { RecordResult } from "@onceport/api";
import type { Context, Link } from "@opentelemetry/api";
import { activeTracer } from "./gateway-tracer.ts";
import type { PublishTrace } from "./publish-trace.ts";
import { tagRecords } from "./record-trace.ts";
import { ATTR_TRANSACTION_PUBLISHES } from "./semconv.ts";
import { type TransactionOwner, TransactionTrace } from "./transaction-trace.ts";

/** Most links from one transaction span to the publishes it wrote (the SDK's default limit too). */
const maxLinks = 128;

/** A publish as a session's batch holds it. */
export interface TracedPublish {
  readonly idempotencyKey: string;
  readonly records: readonly object[];
  readonly trace?: PublishTrace | undefined;
}

/**
 * The transaction of a batch of publishes. A unary Publish's transaction is
 * a child of the call's span (the active context), its records' producer
 * spans children of the transaction. A stream batch gathers publishes of
 * many traces: each publish's records are written under that publish's own
 * span, and the transaction, a child of the stream's context, links to them.
 */
export function tracePublishTransaction(
  owner: TransactionOwner,
  publishes: readonly TracedPublish[],
): TransactionTrace {
  const links: Link[] = [];
  let parent: Context | undefined;
  // Without tracing, publishes have no spans: nothing to look at, per publish.
  for (const publish of activeTracer() ? publishes : []) {
    const trace = publish.trace;
    parent ??= trace?.streamContext;
    if (!trace?.span || !trace.context) continue;
    tagRecords(publish.records, { parent: trace.context });
    // Links to the spans that are exported; an unsampled publish's span is not.
    if (links.length < maxLinks && trace.span.isRecording())
      links.push({ context: trace.span.spanContext() });
  }
  const [only] = publishes;
  const transaction = new TransactionTrace("publish", owner, {
    ...(publishes.length === 1 && only ? { idempotencyKey: only.idempotencyKey } : {}),
    ...(parent === undefined ? {} : { parent }),
    links,
  });
  if (transaction.span?.isRecording()) {
    transaction.span.setAttribute(ATTR_TRANSACTION_PUBLISHES, publishes.length);
  }
  return transaction;
}

/**
 * Ends each publish's trace with its answer once the batch is answered (its
 * outcome, or the batch's failure), and passes the answers on.
 */
export async function settlePublishTraces<
  T extends
    | { readonly duplicate: boolean; readonly results: readonly RecordResult[] }
    | { readonly refused: unknown },
>(publishes: readonly TracedPublish[], answering: Promise<T[]>): Promise<T[]> {
  let answers: T[];
  try {
    answers = await answering;
  } catch (error) {
    for (const publish of publishes) publish.trace?.failed(error);
    throw error;
  }
  for (const [index, publish] of publishes.entries()) {
    const answer = answers[index];
    if (answer && "refused" in answer) publish.trace?.refused(answer.refused);
    else if (answer) publish.trace?.answered(answer);
  }
  return answers;
}
