import type { RecordResult } from "@onceport/api";
import { contextFromTraceparent, extractFromMetadata, type MetadataLike } from "@onceport/tracing";
import { type Context, ROOT_CONTEXT, type Span, SpanKind, trace } from "@opentelemetry/api";
import { gatewayMetrics, secondsSince } from "./gateway-metrics.ts";
import { activeTracer } from "./gateway-tracer.ts";
import {
  ATTR_DUPLICATE,
  ATTR_IDEMPOTENCY_KEY,
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
} from "./semconv.ts";
import { endSpan, failureOf, markFailed, safely } from "./span-status.ts";

const service = "onceport.v1.GatewayService";
const method = "PublishStream";

/** One publish message on a stream, as the gateway received it. */
export interface StreamPublish {
  readonly idempotencyKey: string;
  readonly records: readonly unknown[];
  /** Its own W3C trace context (the per-message carrier); empty for the stream's. */
  readonly traceparent: string;
}

/**
 * One publish of a publish stream: a SERVER span of its own per message (one
 * span for a whole stream would say nothing of each message), a child of
 * the message's `traceparent`, or of the stream's metadata when it has none.
 * Its records' producer spans are its children; the transaction that writes
 * it links to it. Also the publish's metrics, measured from its arrival.
 */
export class PublishTrace {
  private readonly startedAt = performance.now();
  private ended = false;
  readonly span: Span | undefined;
  /** The context its records are written under. */
  readonly context: Context | undefined;
  /** The stream's own trace context (from its metadata): the parent of its transactions. */
  readonly streamContext: Context | undefined;

  constructor(streamContext: Context | undefined, publish: StreamPublish) {
    this.streamContext = streamContext;
    const tracer = streamContext === undefined ? undefined : activeTracer();
    if (!tracer || streamContext === undefined) return;
    const parent = safely(() => contextFromTraceparent(publish.traceparent, streamContext)) ?? streamContext;
    this.span = tracer.startSpan(`${service}/${method}`, { kind: SpanKind.SERVER }, parent);
    // Attributes only for a span that records: most are not, when the client samples.
    if (this.span.isRecording()) {
      this.span.setAttributes({
        [ATTR_RPC_SYSTEM]: "grpc",
        [ATTR_RPC_SERVICE]: service,
        [ATTR_RPC_METHOD]: method,
        [ATTR_IDEMPOTENCY_KEY]: publish.idempotencyKey,
        [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: publish.records.length,
      });
    }
    this.context = trace.setSpan(parent, this.span);
  }

  /** Refused before any transaction (bad input); the stream goes on. */
  refused(error: unknown): void {
    this.finish("error", error);
  }

  /** Its transaction committed (or its key had been): the publish is acknowledged. */
  answered(outcome: { readonly duplicate: boolean; readonly results: readonly RecordResult[] }): void {
    if (this.span?.isRecording()) this.span.setAttribute(ATTR_DUPLICATE, outcome.duplicate);
    this.finish(outcome.duplicate ? "duplicate" : "written");
  }

  /** Its transaction failed: the stream ends, the client retries with the same key. */
  failed(error: unknown): void {
    this.finish("error", error);
  }

  private finish(result: "written" | "duplicate" | "error", error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) markFailed(this.span, error);
    endSpan(this.span);
    const seconds = secondsSince(this.startedAt);
    gatewayMetrics.publish(
      "stream",
      result,
      seconds,
      error === undefined ? undefined : failureOf(error).reason,
    );
  }
}

/** The trace context of a publish stream, read once from its metadata. */
export class StreamTrace {
  private readonly context: Context | undefined;

  constructor(metadata: MetadataLike) {
    // Without an SDK nothing is extracted, and no span will be made.
    this.context = activeTracer() ? safely(() => extractFromMetadata(metadata, ROOT_CONTEXT)) : undefined;
  }

  /** Starts the trace of one publish message. */
  publish(publish: StreamPublish): PublishTrace {
    return new PublishTrace(this.context, publish);
  }
}

/** Starts the trace of a publish stream. */
export function traceStream(metadata: MetadataLike): StreamTrace {
  return new StreamTrace(metadata);
}
