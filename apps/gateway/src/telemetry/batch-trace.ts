import type { ProcessOutput, RecordResult } from "@onceport/api";
import type { ConsumedRecord } from "@onceport/kafka";
import { contextFromTraceparent, traceparentOf } from "@onceport/tracing";
import { type Link, ROOT_CONTEXT, SpanStatusCode } from "@opentelemetry/api";
import { type ConsumedSpan, startConsumedSpans } from "./consumed-spans.ts";
import { gatewayMetrics } from "./gateway-metrics.ts";
import { activeTracer } from "./gateway-tracer.ts";
import { tagRecord } from "./record-trace.ts";
import { ATTR_BATCH_ID, ATTR_BATCH_OUTCOME, ATTR_ERROR_TYPE, ATTR_INPUT } from "./semconv.ts";
import { endSpan, failureOf } from "./span-status.ts";
import { TransactionTrace } from "./transaction-trace.ts";

/** Most links from a batch's transaction span to its inputs (the SDK's default limit too). */
const maxLinks = 128;

/** A Process batch as the worker session holds it. */
export interface TracedBatch {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedRecord[];
}

/**
 * The trace of one Process batch: a `process <topic>` CONSUMER span per
 * input record, each continuing its producer's trace, from delivery to the
 * worker until the batch is committed, rejected or dropped; each record's
 * `traceparent` field set to its span; the worker's outputs written under
 * the span of the input they came from (or under the worker's own span,
 * when the output names one), each linked to that input; and the batch's
 * transaction, linked to its inputs. Made per batch, so the Process metrics
 * count also without tracing; per-record work only while tracing.
 */
export class BatchTrace {
  private readonly inputs: ConsumedSpan[] | undefined;
  private transaction: TransactionTrace | undefined;
  private outcome: "committed" | "rejected" | undefined;
  private failure: unknown;
  private readonly batch: TracedBatch;
  private readonly worker: { readonly group: string; readonly workerId: string };

  constructor(batch: TracedBatch, worker: { readonly group: string; readonly workerId: string }) {
    this.batch = batch;
    this.worker = worker;
    const tracer = activeTracer();
    if (!tracer) return;
    try {
      this.inputs = startConsumedSpans(
        tracer,
        {
          topic: batch.topic,
          partition: batch.partition,
          group: worker.group,
          operation: "process",
          batchSize: batch.messages.length,
        },
        batch.messages,
      );
      for (const { span } of this.inputs) span.setAttribute(ATTR_BATCH_ID, batch.id);
    } catch {
      this.inputs = undefined; // telemetry never breaks the delivery
    }
  }

  /** Sets each record's `traceparent` to its consumer span: the worker continues the trace from it. */
  fill<R extends { traceparent?: string }>(records: R[]): R[] {
    if (!this.inputs) return records;
    for (const [index, input] of this.inputs.entries()) {
      const record = records[index];
      if (record) record.traceparent = traceparentOf(input.context);
    }
    return records;
  }

  /**
   * The worker's outputs are about to be committed (`outputs[i]` planned from
   * `answered[i]`): each is written under its trace, and the transaction starts.
   */
  committing(outputs: readonly object[], answered: readonly ProcessOutput[], transactionalId: string): void {
    const owner = { clientId: this.worker.workerId, transactionalId };
    if (!this.inputs) {
      this.transaction = new TransactionTrace("process", owner);
      return;
    }
    const byOffset = new Map(this.inputs.map((input) => [input.offset, input]));
    for (const [index, output] of outputs.entries()) {
      const from = answered[index];
      const input = from && byOffset.get(from.inputOffset);
      if (!from || !input) continue;
      const parent =
        from.traceparent === "" ? input.context : contextFromTraceparent(from.traceparent, ROOT_CONTEXT);
      const inputName = `${this.batch.topic}/${this.batch.partition}/${input.offset}`;
      tagRecord(output, {
        parent,
        links: [{ context: input.span.spanContext(), attributes: { [ATTR_INPUT]: inputName } }],
      });
    }
    const links: Link[] = this.inputs
      .filter((input) => input.span.isRecording())
      .slice(0, maxLinks)
      .map((input) => ({ context: input.span.spanContext() }));
    // A batch is many traces: its transaction is a trace of its own, linked to each input.
    this.transaction = new TransactionTrace("process", owner, { parent: ROOT_CONTEXT, links });
  }

  committed(results: readonly RecordResult[]): void {
    this.outcome = "committed";
    this.transaction?.end("committed", results.length);
  }

  /** Not written by this worker (revoked, expired, refused, failed): its records come again. */
  rejected(error: unknown): void {
    this.outcome ??= "rejected";
    this.failure ??= error;
    this.transaction?.end(
      failureOf(error).reason === "COMMIT_OUTCOME_UNKNOWN" ? "unknown" : "aborted",
      0,
      error,
    );
  }

  /** The batch is done with, however: its consumer spans end with its outcome. */
  end(): void {
    const outcome = this.outcome ?? "dropped";
    gatewayMetrics.processBatch(outcome);
    if (!this.inputs) return;
    const reason = this.failure === undefined ? undefined : failureOf(this.failure).reason;
    for (const { span } of this.inputs) {
      if (span.isRecording()) {
        span.setAttribute(ATTR_BATCH_OUTCOME, outcome);
        if (reason !== undefined) {
          span.setAttribute(ATTR_ERROR_TYPE, reason);
          span.setStatus({ code: SpanStatusCode.ERROR, message: `batch ${outcome}: ${reason}` });
        }
      }
      endSpan(span);
    }
  }
}

const traces = new WeakMap<object, BatchTrace>();

/** Starts the trace of a batch delivered to a worker; `batchTrace` finds it again. */
export function traceBatch(
  batch: TracedBatch,
  worker: { readonly group: string; readonly workerId: string },
): BatchTrace {
  const traced = new BatchTrace(batch, worker);
  traces.set(batch, traced);
  return traced;
}

/** The trace of a batch, if it was started. */
export function batchTrace(batch: TracedBatch | undefined): BatchTrace | undefined {
  return batch === undefined ? undefined : traces.get(batch);
}
