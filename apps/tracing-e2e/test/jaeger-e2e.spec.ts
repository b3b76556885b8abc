import { randomUUID } from "node:crypto";
import {
  fetchTrace,
  type JaegerLease,
  leaseJaeger,
  otlpHttpUrl,
  type ServiceSpan,
} from "@onceport/jaeger-dev";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, deleteTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { connect } from "@onceport/sdk";
import { context, propagation, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  freePort,
  type GatewayProcess,
  type RunningProcess,
  startGatewayProcess,
  startKafkaConsumer,
} from "./support/processes.ts";

/** Every service name carries this run's tag, so concurrent runs never read each other's spans. */
const tag = randomUUID().slice(0, 8);
const services = {
  client: `e2e-client-${tag}`,
  gateway: `onceport-gateway-${tag}`,
  consumer: `e2e-consumer-${tag}`,
};

/** What the gateway and the consumer are told: export to the real Jaeger, soon. */
const otel = (service: string) => ({
  OTEL_SERVICE_NAME: service,
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl,
  OTEL_BSP_SCHEDULE_DELAY: "100",
});

const kindName = (kind: ServiceSpan["kind"]) =>
  typeof kind === "number"
    ? ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"][kind]
    : kind;

describe("one message's trace in a real Jaeger: SDK, gateway and consumer as real processes", () => {
  let lease: JaegerLease | undefined;
  let gateway: GatewayProcess | undefined;
  let consumer: RunningProcess | undefined;
  let provider: TracerProvider;
  let metricsPort: number;
  const topic = uniqueTopicName("e2e-traced");
  const receiptsTopic = uniqueTopicName("e2e-receipts");

  beforeAll(async () => {
    lease = await leaseJaeger((line) => process.stderr.write(`${line}\n`));
    await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 1 }]);
    metricsPort = await freePort();
    gateway = await startGatewayProcess(
      {
        listen: "127.0.0.1:0",
        brokers: LOCAL_BROKERS.join(","),
        "transactional-id-prefix": `e2e-${tag}-`,
        "receipts-topic": receiptsTopic,
        "receipts-partitions": "1",
        "shutdown-grace-ms": "1000",
      },
      {
        ...otel(services.gateway),
        // The product's metrics endpoint, on a port of this test's.
        OTEL_METRICS_EXPORTER: "prometheus",
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      },
    );
    consumer = startKafkaConsumer(topic, otel(services.consumer));
    // The application's own OpenTelemetry set-up, exporting to the same Jaeger.
    provider = new TracerProvider({
      resource: resourceFromAttributes({ "service.name": services.client }),
      spanProcessors: [
        new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces` }) }),
      ],
    });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  }, 1_800_000); // the very first run builds Jaeger
  afterAll(async () => {
    await consumer?.stop();
    await gateway?.stop();
    await provider?.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
    await deleteTopics(LOCAL_BROKERS, [topic, receiptsTopic]).catch(() => {});
    await lease?.release();
  }, 60_000);

  it("holds the SDK's call, the gateway's handling and the consumer's in parent/child order", async () => {
    if (!gateway || !consumer) throw new Error("not started");
    const client = await connect({ address: gateway.address, clientId: `e2e-${tag}` });
    const app = provider.getTracer("e2e-app").startSpan("checkout", {}, ROOT_CONTEXT);
    await context.with(trace.setSpan(ROOT_CONTEXT, app), () =>
      client.publish([{ topic, key: "order-1", value: "paid" }]),
    );
    app.end();
    await client.close();
    const traceId = app.spanContext().traceId;

    // The consumer handled the record in the publish's trace.
    const handled = JSON.parse(await consumer.waitForLine((line) => line.includes('"paid"'))) as {
      traceId: string;
    };
    expect(handled.traceId).toBe(traceId);

    // The metrics endpoint counted it.
    const exposition = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(exposition).toMatch(/onceport_publishes_total\{[^}]*result="written"[^}]*\} 1/);
    expect(exposition).toMatch(/onceport_transactions_total\{[^}]*outcome="committed"[^}]*\} [1-9]/);

    // Jaeger has the whole trace, from the three processes.
    const spans = await vi.waitFor(
      async () => {
        const found = await fetchTrace(traceId);
        const from = new Set(found.map((span) => span.service));
        if (!Object.values(services).every((service) => from.has(service))) {
          throw new Error(`Jaeger has spans of ${[...from].join(", ") || "no service"} so far`);
        }
        if (!found.some((span) => span.name === `handle ${topic}`)) throw new Error("no consumer span yet");
        return found;
      },
      { timeout: 30_000, interval: 250 },
    );
    const one = (service: string, name: string, kind?: string): ServiceSpan => {
      const found = spans.filter(
        (span) =>
          span.service === service &&
          span.name === name &&
          (kind === undefined || kindName(span.kind)?.includes(kind)),
      );
      expect(found, `${service}: ${name}`).toHaveLength(1);
      return found[0] as ServiceSpan;
    };
    const checkout = one(services.client, "checkout");
    const sdkPublish = one(services.client, "onceport.v1.GatewayService/Publish", "CLIENT");
    const serverPublish = one(services.gateway, "onceport.v1.GatewayService/Publish", "SERVER");
    const transaction = one(services.gateway, "onceport transaction");
    const send = one(services.gateway, `send ${topic}`, "PRODUCER");
    const handle = one(services.consumer, `handle ${topic}`, "CONSUMER");
    expect(sdkPublish.parentSpanId).toBe(checkout.spanId);
    expect(serverPublish.parentSpanId).toBe(sdkPublish.spanId);
    expect(transaction.parentSpanId).toBe(serverPublish.spanId);
    expect(send.parentSpanId).toBe(transaction.spanId);
    expect(handle.parentSpanId).toBe(send.spanId);
    expect(handle.spanId).toBe((handled as { spanId?: string }).spanId);
  });
});
