import type { ConsumedRecord } from "@onceport/kafka";
import { traceparentOf } from "@onceport/tracing";
import { startConsumedSpans } from "./consumed-spans.ts";
import { activeTracer } from "./gateway-tracer.ts";
import { endSpan } from "./span-status.ts";

/**
 * Subscribe: a `receive <topic>` CONSUMER span per record handed to the
 * reader, continuing the record's producer trace, and the record's
 * `traceparent` field set to it, so the reader's own span continues the
 * trace. The gateway cannot know when the reader is done: the span covers
 * the hand-over only. Returns `records`, changed in place; untouched when
 * nothing traces.
 */
export function traceReceived<R extends { traceparent?: string }>(
  from: { readonly topic: string; readonly partition: number; readonly group: string },
  messages: readonly ConsumedRecord[],
  records: R[],
): R[] {
  const tracer = activeTracer();
  if (!tracer) return records;
  try {
    const spans = startConsumedSpans(
      tracer,
      { ...from, operation: "receive", batchSize: messages.length },
      messages,
    );
    for (const [index, { span, context }] of spans.entries()) {
      const record = records[index];
      if (record) record.traceparent = traceparentOf(context);
      endSpan(span);
    }
  } catch {
    // telemetry never breaks the reading
  }
  return records;
}
