import { create } from "@bufbuild/protobuf";
import { ProcessOutputSchema } from "@onceport/api";
import type { ConsumedRecord } from "@onceport/kafka";
import { type HeadersLike, injectIntoHeaders } from "@onceport/tracing";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { batchTrace, traceBatch } from "./batch-trace.ts";
import { traceReceived } from "./receive-spans.ts";
import { recordTraceOf } from "./record-trace.ts";
import { registerInMemoryTracing } from "./test-telemetry.ts";

/** A record as read, its headers those a propagator wrote into `carrier`. */
function message(offset: number, carrier: HeadersLike = []): ConsumedRecord {
  return {
    topic: "in",
    partition: 0,
    offset: BigInt(offset),
    key: null,
    value: Buffer.from(`v${offset}`),
    headers: carrier.map(({ key, value }) => ({ key, value: Buffer.from(value ?? "") })),
    timestamp: 0,
  };
}

const worker = { group: "converters", workerId: "w-1" };

describe("the trace of a Process batch", () => {
  let unregister: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await unregister?.();
    unregister = undefined;
  });

  it("costs nothing per record without an SDK: no spans, traceparent left empty", () => {
    const batch = { id: "b1", topic: "in", partition: 0, messages: [message(0)] };
    const traced = traceBatch(batch, worker);
    const records = traced.fill([{ traceparent: "" }]);
    expect(records).toEqual([{ traceparent: "" }]);
    expect(batchTrace(batch)).toBe(traced);
    traced.end();
  });

  it("continues each record's own trace, hands its span to the worker, and ends with the batch's outcome", () => {
    const tracing = registerInMemoryTracing();
    unregister = tracing.unregister;
    const producers = [tracing.tracer.startSpan("producer 0"), tracing.tracer.startSpan("producer 1")];
    const messages = producers.map((producer, offset) => {
      const headers: HeadersLike = [];
      injectIntoHeaders(headers, trace.setSpan(ROOT_CONTEXT, producer));
      return message(offset, headers);
    });
    const batch = { id: "b2", topic: "in", partition: 3, messages };
    const traced = traceBatch(batch, worker);
    const records = traced.fill([{ traceparent: "" }, { traceparent: "" }]);
    const outputs = [{}, {}];
    traced.committing(
      outputs,
      [create(ProcessOutputSchema, { inputOffset: 0n }), create(ProcessOutputSchema, { inputOffset: 1n })],
      "onceport-process-converters-in-3",
    );
    traced.committed([]);
    traced.end();

    const spans = tracing.exporter.getFinishedSpans();
    const consumers = spans.filter((span) => span.name === "process in");
    expect(consumers).toHaveLength(2);
    for (const [offset, consumer] of consumers.entries()) {
      expect(consumer.kind).toBe(SpanKind.CONSUMER);
      expect(consumer.parentSpanContext?.spanId).toBe(producers[offset]?.spanContext().spanId);
      expect(consumer.spanContext().traceId).toBe(producers[offset]?.spanContext().traceId);
      expect(consumer.attributes).toMatchObject({
        "messaging.operation.type": "process",
        "messaging.consumer.group.name": "converters",
        "messaging.kafka.offset": offset,
        "onceport.batch_id": "b2",
        "onceport.batch.outcome": "committed",
      });
      const { traceId, spanId } = consumer.spanContext();
      expect(records[offset]?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
      // Each output is written under its input's span, and linked to it.
      const tagged = recordTraceOf(outputs[offset] as object);
      expect(trace.getSpanContext(tagged?.parent ?? ROOT_CONTEXT)?.spanId).toBe(spanId);
      expect(tagged?.links?.[0]?.context.spanId).toBe(spanId);
    }
    const transaction = spans.find((span) => span.name === "onceport transaction");
    expect(transaction?.attributes["onceport.transaction.outcome"]).toBe("committed");
    expect(transaction?.links).toHaveLength(2);
  });

  it("marks the records' spans when the batch is rejected", () => {
    const tracing = registerInMemoryTracing();
    unregister = tracing.unregister;
    const traced = traceBatch({ id: "b3", topic: "in", partition: 0, messages: [message(0)] }, worker);
    traced.rejected(Object.assign(new Error("lease expired")));
    traced.end();
    const [span] = tracing.exporter.getFinishedSpans();
    expect(span?.attributes["onceport.batch.outcome"]).toBe("rejected");
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("Subscribe's receive spans", () => {
  it("leave records untouched without an SDK", () => {
    const records = [{ traceparent: "" }];
    expect(traceReceived({ topic: "t", partition: 0, group: "g" }, [message(0)], records)).toEqual([
      { traceparent: "" },
    ]);
  });

  it("give each record the traceparent of a receive span continuing its producer's trace", async () => {
    const tracing = registerInMemoryTracing();
    const producer = tracing.tracer.startSpan("producer");
    const headers: HeadersLike = [];
    injectIntoHeaders(headers, trace.setSpan(ROOT_CONTEXT, producer));
    const [record] = traceReceived(
      { topic: "t", partition: 0, group: "g" },
      [message(7, headers)],
      [{ traceparent: "" }],
    );
    const [span] = tracing.exporter.getFinishedSpans();
    await tracing.unregister();
    expect(span?.name).toBe("receive t");
    expect(span?.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(record?.traceparent).toBe(`00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`);
  });
});
