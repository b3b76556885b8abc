import { randomUUID } from "node:crypto";
import { context, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type JaegerLease, leaseJaeger } from "./jaeger-lease.ts";
import { fetchServices, fetchTrace } from "./jaeger-query.ts";
import { otlpHttpUrl } from "./paths.ts";

describe("a real Jaeger (built from the Go module proxy)", () => {
  let lease: JaegerLease | undefined;

  beforeAll(async () => {
    // A lease, not a plain start: other packages' tests may use the same Jaeger at the same time.
    lease = await leaseJaeger((line) => process.stderr.write(`${line}\n`));
  }, 1_800_000);
  afterAll(async () => {
    await lease?.release();
  }, 30_000);

  it("takes spans over OTLP HTTP and serves them back by trace id through its API v3", async () => {
    const service = `jaeger-dev-test-${randomUUID().slice(0, 8)}`;
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ "service.name": service }),
      spanProcessors: [
        new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces` }) }),
      ],
    });
    const tracer = provider.getTracer("test");
    const parent = tracer.startSpan("parent");
    const child = tracer.startSpan("child", {}, trace.setSpan(context.active(), parent));
    child.end();
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();

    const traceId = parent.spanContext().traceId;
    const spans = await vi.waitFor(
      async () => {
        const found = await fetchTrace(traceId);
        if (found.length < 2) throw new Error(`Jaeger has ${found.length} spans of the trace so far`);
        return found;
      },
      { timeout: 20_000, interval: 250 },
    );
    const byName = new Map(spans.map((span) => [span.name, span]));
    expect(byName.get("child")?.parentSpanId).toBe(byName.get("parent")?.spanId);
    expect(spans.every((span) => span.service === service)).toBe(true);
    expect(await fetchServices()).toContain(service);
  });
});
