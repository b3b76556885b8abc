import { messageIdHeader } from "@onceport/audit";
import { type ConsumedRecord, headerText } from "@onceport/kafka";
import { extractFromHeaders, type HeadersLike } from "@onceport/tracing";
import { type Attributes, type Context, ROOT_CONTEXT, type Span, SpanKind, trace } from "@opentelemetry/api";
import type { activeTracer } from "./gateway-tracer.ts";
import {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_SYSTEM_KAFKA,
} from "./semconv.ts";

const maxKeyAttributeLength = 256;

/** The CONSUMER span of one record read from Kafka, and its context. */
export interface ConsumedSpan {
  readonly span: Span;
  /** The context with the span: what a worker or reader continues from. */
  readonly context: Context;
  readonly offset: bigint;
}

export interface ConsumedFrom {
  readonly topic: string;
  readonly partition: number;
  readonly group: string;
  /** "process" (a Process batch) or "receive" (Subscribe). */
  readonly operation: "process" | "receive";
  readonly batchSize: number;
}

/**
 * A CONSUMER span for each record of a batch, each continuing the trace of
 * the record's producer from its own headers: records arrive in batches,
 * but every record belongs to the trace it was written in (a batch span with
 * links only, as kafkajs's instrumentation makes for eachBatch, would break
 * each message's trace in two).
 */
export function startConsumedSpans(
  tracer: NonNullable<ReturnType<typeof activeTracer>>,
  from: ConsumedFrom,
  messages: readonly ConsumedRecord[],
): ConsumedSpan[] {
  const spans: ConsumedSpan[] = [];
  for (const message of messages) {
    const parent = extractFromHeaders(headerCarrier(message), ROOT_CONTEXT);
    const span = tracer.startSpan(`${from.operation} ${from.topic}`, { kind: SpanKind.CONSUMER }, parent);
    // Attributes only for a span that records: most are not, when the producer sampled.
    if (span.isRecording()) span.setAttributes(messageAttributes(from, message));
    spans.push({ span, context: trace.setSpan(parent, span), offset: message.offset });
  }
  return spans;
}

/** The record's trace context headers, as the propagator reads a carrier (no other header). */
function headerCarrier(record: ConsumedRecord): HeadersLike {
  const carrier: HeadersLike = [];
  for (const key of ["traceparent", "tracestate"]) {
    const value = headerText(record.headers, key);
    if (value !== undefined) carrier.push({ key, value });
  }
  return carrier;
}

function messageAttributes(from: ConsumedFrom, message: ConsumedRecord): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_KAFKA,
    [ATTR_MESSAGING_OPERATION_TYPE]: from.operation,
    [ATTR_MESSAGING_OPERATION_NAME]: from.operation,
    [ATTR_MESSAGING_DESTINATION_NAME]: from.topic,
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(from.partition),
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: from.group,
    [ATTR_MESSAGING_KAFKA_OFFSET]: Number(message.offset),
    [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: from.batchSize,
  };
  const id = headerText(message.headers, messageIdHeader);
  if (id !== undefined) attributes[ATTR_MESSAGING_MESSAGE_ID] = id;
  if (message.key && message.key.length <= maxKeyAttributeLength) {
    attributes[ATTR_MESSAGING_KAFKA_MESSAGE_KEY] = message.key.toString("utf8");
  }
  return attributes;
}
