import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../src/index.ts";
import { type FakeGateway, gatewayError, startFakeGateway } from "./support/fake-gateway.ts";

const records = [{ topic: "orders", value: "v" }];

describe("tracing without an OpenTelemetry SDK", () => {
  it("is a no-op: calls work and carry no traceparent", async () => {
    const gateway = await startFakeGateway();
    const client = await connect({ address: gateway.address, clientId: "c1" });
    await client.publish(records);
    await client.close();
    await gateway.stop();
    expect(gateway.calls.every((call) => call.metadata.get("traceparent").length === 0)).toBe(true);
  });
});

describe("tracing with an OpenTelemetry SDK registered by the application", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let gateway: FakeGateway;

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });
  afterEach(async () => {
    exporter.reset();
    await gateway?.stop();
  });

  it("makes a CLIENT span per call and sends its context as W3C traceparent in the gRPC metadata", async () => {
    gateway = await startFakeGateway();
    const client = await connect({ address: gateway.address, clientId: "c1" });
    const parent = trace.getTracer("app").startSpan("handle order");
    await context.with(trace.setSpan(context.active(), parent), () =>
      client.publish(records, { idempotencyKey: "k1" }),
    );
    parent.end();
    await client.close();

    const publish = exporter
      .getFinishedSpans()
      .find((span) => span.name === "onceport.v1.GatewayService/Publish");
    expect(publish).toBeDefined();
    if (!publish) return;
    expect(publish.kind).toBe(SpanKind.CLIENT);
    expect(publish.status.code).toBe(SpanStatusCode.OK);
    expect(publish.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(publish.attributes).toMatchObject({
      "rpc.system": "grpc",
      "rpc.method": "Publish",
      "onceport.idempotency_key": "k1",
      "messaging.destination.name": "orders",
      "messaging.batch.message_count": 1,
    });
    const [received] = gateway.calls.filter((call) => call.method === "publish");
    const { traceId, spanId } = publish.spanContext();
    expect(received?.metadata.get("traceparent")).toEqual([`00-${traceId}-${spanId}-01`]);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(
      expect.arrayContaining([
        "onceport.v1.GatewayService/OpenSession",
        "onceport.v1.GatewayService/CloseSession",
      ]),
    );
  });

  it("marks a failed call's span with the error and its reason; records retries as events", async () => {
    let attempts = 0;
    gateway = await startFakeGateway({
      publish: async () => {
        throw gatewayError(++attempts === 1 ? "KAFKA_UNAVAILABLE" : "TOPIC_NOT_FOUND");
      },
    });
    const client = await connect({
      address: gateway.address,
      clientId: "c1",
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(client.publish(records)).rejects.toMatchObject({ reason: "TOPIC_NOT_FOUND" });
    await client.close();
    const publish = exporter.getFinishedSpans().find((span) => span.name.endsWith("/Publish"));
    expect(publish?.status.code).toBe(SpanStatusCode.ERROR);
    expect(publish?.attributes["error.type"]).toBe("TOPIC_NOT_FOUND");
    expect(publish?.events.map((event) => [event.name, event.attributes?.["error.type"]])).toEqual([
      ["retry", "KAFKA_UNAVAILABLE"],
      ["exception", undefined],
    ]);
  });

  it("gives each publish on a publisher a span of its own, its traceparent in the message", async () => {
    gateway = await startFakeGateway();
    const client = await connect({ address: gateway.address, clientId: "c1" });
    const publisher = client.publisher();
    const parents = ["order 1", "order 2"].map((name) => trace.getTracer("app").startSpan(name));
    for (const [index, parent] of parents.entries()) {
      await context.with(trace.setSpan(context.active(), parent), () =>
        publisher.publish(records, { idempotencyKey: `k${index}` }),
      );
      parent.end();
    }
    await client.close();

    const publishes = exporter.getFinishedSpans().filter((span) => span.name === "onceport publish");
    expect(publishes).toHaveLength(2);
    for (const [index, parent] of parents.entries()) {
      const span = publishes.find((one) => one.attributes["onceport.idempotency_key"] === `k${index}`);
      expect(span?.kind).toBe(SpanKind.PRODUCER);
      expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span?.attributes).toMatchObject({
        "onceport.duplicate": false,
        "messaging.destination.name": "orders",
      });
      const sent = gateway.streamPublishes.find((publish) => publish.idempotencyKey === `k${index}`);
      const { traceId, spanId } = span?.spanContext() ?? {};
      expect(sent?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    }
  });

  it("puts a transaction's calls, and the spans of its callback, under one transaction span", async () => {
    gateway = await startFakeGateway();
    const client = await connect({ address: gateway.address, clientId: "c1" });
    await client.transaction(async (tx) => {
      trace.getTracer("app").startSpan("inside").end();
      await tx.send(records);
    });
    await client.close();
    const spans = exporter.getFinishedSpans();
    const transaction = spans.find((span) => span.name === "onceport transaction");
    const children = spans
      .filter((span) => span.parentSpanContext?.spanId === transaction?.spanContext().spanId)
      .map((span) => span.name.replace("onceport.v1.GatewayService/", ""));
    expect(children).toEqual(["BeginTransaction", "inside", "Send", "CommitTransaction"]);
    const send = gateway.calls.find((call) => call.method === "send");
    expect(send?.metadata.get("traceparent")[0]).toContain(transaction?.spanContext().traceId);
  });
});
