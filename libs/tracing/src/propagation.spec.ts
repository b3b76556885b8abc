import { Metadata } from "@grpc/grpc-js";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeadersLike } from "./carriers.ts";
import {
  contextFromTraceparent,
  extractFromHeaders,
  extractFromMetadata,
  injectIntoHeaders,
  injectIntoMetadata,
  traceparentOf,
} from "./propagation.ts";

describe("trace context propagation", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer("test");
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    contextManager.enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  /** Carries the parent's context through `carry` and checks that a span started from it is its child. */
  function expectChildAcross(
    carry: (parentContext: ReturnType<typeof context.active>) => ReturnType<typeof context.active>,
  ) {
    const parent = tracer.startSpan("parent");
    const received = carry(trace.setSpan(context.active(), parent));
    const child = tracer.startSpan("child", {}, received);
    child.end();
    parent.end();
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    const finished = exporter.getFinishedSpans().find((span) => span.name === "child");
    expect(finished?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    exporter.reset();
  }

  it("through gRPC metadata", () => {
    expectChildAcross((parentContext) => {
      const metadata = new Metadata();
      injectIntoMetadata(metadata, parentContext);
      expect(String(metadata.get("traceparent")[0])).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      return extractFromMetadata(metadata, context.active());
    });
  });

  it("through Kafka headers, also as Buffers as a consumer reads them", () => {
    expectChildAcross((parentContext) => {
      const headers: HeadersLike = [];
      injectIntoHeaders(headers, parentContext);
      const asRead = headers.map(({ key, value }) => ({ key, value: Buffer.from(value ?? "") }));
      return extractFromHeaders(asRead, context.active());
    });
  });

  it("writes one traceparent into headers that had one, keeping every other header in order", () => {
    const parent = tracer.startSpan("parent");
    const headers: HeadersLike = [
      { key: "__proto__", value: "p" },
      { key: "traceparent", value: "00-stale" },
      { key: "toString", value: null },
      { key: "traceparent", value: "00-staler" },
    ];
    injectIntoHeaders(headers, trace.setSpan(context.active(), parent));
    parent.end();
    expect(headers.map((header) => header.key)).toEqual(["__proto__", "toString", "traceparent"]);
    expect(String(headers[2]?.value)).toContain(parent.spanContext().spanId);
    exporter.reset();
  });

  it("through one stream message's traceparent field", () => {
    expectChildAcross((parentContext) =>
      contextFromTraceparent(traceparentOf(parentContext), context.active()),
    );
  });

  it("gives an empty traceparent outside any trace, and leaves the context as it was", () => {
    expect(traceparentOf(context.active())).toBe("");
    expect(trace.getSpan(contextFromTraceparent("", context.active()))).toBeUndefined();
  });
});
