import { create } from "@bufbuild/protobuf";
import { RecordResultSchema } from "@onceport/api";
import { headerText } from "@onceport/kafka";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import type { PlannedRecord } from "../kafka/planned-record.ts";
import { traceProducedRecords } from "./producer-spans.ts";
import { tagRecord } from "./record-trace.ts";
import { registerInMemoryTracing } from "./test-telemetry.ts";

function planned(headers: PlannedRecord["headers"] = []): PlannedRecord {
  return {
    topic: "orders",
    partition: 1,
    key: Buffer.from("o-1"),
    value: Buffer.from("created"),
    headers: [{ key: "onceport-message-id", value: Buffer.from("k/0") }, ...headers],
    messageId: "k/0",
    sizeBytes: 10,
  };
}

const result = (offset: bigint) =>
  create(RecordResultSchema, { topic: "orders", partition: 1, offset, messageId: "k/0" });

describe("producer spans", () => {
  let unregister: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await unregister?.();
    unregister = undefined;
  });

  it("cost nothing without an OpenTelemetry SDK: no spans, headers untouched", () => {
    expect(traceProducedRecords([planned()])).toBeUndefined();
  });

  it("make a PRODUCER span per record and write its traceparent into a copy of the headers", async () => {
    const tracing = registerInMemoryTracing();
    unregister = tracing.unregister;
    const parent = tracing.tracer.startSpan("publish");
    const record = planned([
      { key: "traceparent", value: Buffer.from("00-11111111111111111111111111111111-2222222222222222-01") },
    ]);
    const traced = context.with(trace.setSpan(ROOT_CONTEXT, parent), () => traceProducedRecords([record]));
    if (!traced) throw new Error("not traced");
    const headers = traced.headers(record);
    traced.end([result(41n)]);
    parent.end();

    const [span] = tracing.exporter.getFinishedSpans().filter((one) => one.name === "send orders");
    expect(span?.kind).toBe(SpanKind.PRODUCER);
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.attributes).toMatchObject({
      "messaging.system": "kafka",
      "messaging.destination.name": "orders",
      "messaging.destination.partition.id": "1",
      "messaging.kafka.message.key": "o-1",
      "messaging.kafka.offset": 41,
      "messaging.message.id": "k/0",
    });
    // The caller's own traceparent gives way to the span that really wrote the record.
    const { traceId, spanId } = span?.spanContext() ?? {};
    expect(headers.map((header) => header.key)).toEqual(["onceport-message-id", "traceparent"]);
    expect(headerText(headers, "traceparent")).toBe(`00-${traceId}-${spanId}-01`);
    expect(headerText(headers, "onceport-message-id")).toBe("k/0");
    expect(headerText(record.headers, "traceparent")).toBe(
      "00-11111111111111111111111111111111-2222222222222222-01",
    );
  });

  it("write a tagged record under its own parent, with its links", () => {
    const tracing = registerInMemoryTracing();
    unregister = tracing.unregister;
    const publish = tracing.tracer.startSpan("a stream's publish");
    const input = tracing.tracer.startSpan("the input");
    const record = planned();
    tagRecord(record, {
      parent: trace.setSpan(ROOT_CONTEXT, publish),
      links: [{ context: input.spanContext() }],
    });
    traceProducedRecords([record])?.end([result(0n)]);
    const span = tracing.exporter.getFinishedSpans().find((one) => one.name === "send orders");
    expect(span?.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(span?.links.map((link) => link.context.spanId)).toEqual([input.spanContext().spanId]);
  });

  it("fail every span of a failed send, and pass the failure on", async () => {
    const tracing = registerInMemoryTracing();
    unregister = tracing.unregister;
    const traced = traceProducedRecords([planned(), planned()]);
    await expect(traced?.watch(Promise.reject(new Error("broker gone")))).rejects.toThrow("broker gone");
    const spans = tracing.exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    expect(spans.every((span) => span.status.code === SpanStatusCode.ERROR)).toBe(true);
    expect(spans[0]?.attributes["error.type"]).toBe("INTERNAL");
  });

  it("never break the send: a failing propagator leaves the records untraced", () => {
    const tracing = registerInMemoryTracing();
    unregister = tracing.unregister;
    propagation.disable();
    propagation.setGlobalPropagator({
      inject: () => {
        throw new Error("broken propagator");
      },
      extract: (base) => base,
      fields: () => [],
    });
    expect(traceProducedRecords([planned()])).toBeUndefined();
  });
});
