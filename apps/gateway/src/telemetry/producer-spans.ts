import type { RecordResult } from "@onceport/api";
import type { RecordHeader } from "@onceport/kafka";
import { injectIntoHeaders } from "@onceport/tracing";
import { type Attributes, context, type Span, SpanKind, trace } from "@opentelemetry/api";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import { activeTracer } from "./gateway-tracer.ts";
import { recordTraceOf } from "./record-trace.ts";
import {
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
import { endSpan, markFailed } from "./span-status.ts";

/** Longest key written as a span attribute; longer ones are left out. */
const maxKeyAttributeLength = 256;

interface Traced {
  readonly span: Span;
  readonly headers: readonly RecordHeader[];
}

/**
 * One PRODUCER span per record sent (`send <topic>`, messaging semantic
 * conventions), a child of the record's publish (or of the active context),
 * and its W3C context written into the record's `traceparent` header so
 * that every consumer continues the trace. Made only while tracing: without
 * an SDK `traceProducedRecords` returns undefined and costs nothing.
 */
export class ProducerSpans {
  private readonly traced = new Map<PlannedRecord, Traced>();

  constructor(tracer: NonNullable<ReturnType<typeof activeTracer>>, records: readonly PlannedRecord[]) {
    const active = context.active();
    for (const record of records) {
      const tagged = recordTraceOf(record);
      const parent = tagged?.parent ?? active;
      const span = tracer.startSpan(
        `send ${record.topic}`,
        { kind: SpanKind.PRODUCER, links: tagged?.links ?? [] },
        parent,
      );
      // Attributes only for a span that records: most are not, when the caller samples.
      if (span.isRecording()) span.setAttributes(recordAttributes(record));
      // A copy: the planned record is the caller's, and may be sent again.
      const headers: RecordHeader[] = [...record.headers];
      // A caller's own `traceparent` header gives way to the gateway's span, its real parent.
      injectIntoHeaders(headers, trace.setSpan(parent, span));
      this.traced.set(record, { span, headers });
    }
  }

  /** The headers to send the record with: its own, plus its trace context. */
  headers(record: PlannedRecord): readonly RecordHeader[] {
    return this.traced.get(record)?.headers ?? record.headers;
  }

  /** Passes the send's outcome through; a failed send fails and ends every span. */
  async watch<T>(sending: Promise<T>): Promise<T> {
    try {
      return await sending;
    } catch (error) {
      for (const { span } of this.traced.values()) {
        markFailed(span, error);
        endSpan(span);
      }
      throw error;
    }
  }

  /** The records were written: each span gets its offset, and ends. */
  end(results: readonly RecordResult[]): void {
    let index = 0;
    for (const { span } of this.traced.values()) {
      const result = results[index++];
      if (result && span.isRecording()) span.setAttribute(ATTR_MESSAGING_KAFKA_OFFSET, Number(result.offset));
      endSpan(span);
    }
  }
}

/** Producer spans for these records, or undefined when nothing traces. */
export function traceProducedRecords(records: readonly PlannedRecord[]): ProducerSpans | undefined {
  const tracer = activeTracer();
  if (!tracer) return undefined;
  try {
    return new ProducerSpans(tracer, records);
  } catch {
    return undefined; // telemetry never breaks the send
  }
}

function recordAttributes(record: PlannedRecord): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_KAFKA,
    [ATTR_MESSAGING_OPERATION_TYPE]: "send",
    [ATTR_MESSAGING_OPERATION_NAME]: "send",
    [ATTR_MESSAGING_DESTINATION_NAME]: record.topic,
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(record.partition),
    [ATTR_MESSAGING_MESSAGE_ID]: record.messageId,
  };
  if (record.key !== null && record.key.length <= maxKeyAttributeLength) {
    attributes[ATTR_MESSAGING_KAFKA_MESSAGE_KEY] = record.key.toString("utf8");
  }
  return attributes;
}
