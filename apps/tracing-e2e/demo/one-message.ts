// One message through Onceport, traced end to end into a real Jaeger, then drawn:
//   node apps/tracing-e2e/demo/one-message.ts [out.svg]      (docs/img/trace.svg by default)
// A shop publishes a payment with the SDK; the gateway writes it; a currency
// worker converts it exactly once through Process; a ledger service reads the
// conversion with a plain Kafka consumer. Four services, one trace.
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fetchTrace, leaseJaeger, otlpHttpUrl, renderTraceSvg } from "@onceport/jaeger-dev";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, deleteTopics } from "@onceport/kafka-dev/testing";
import { connect } from "@onceport/sdk";
import { contextFromTraceparent, traceparentOf } from "@onceport/tracing";
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { startGatewayProcess, startKafkaConsumer } from "../test/support/processes.ts";
import { startWorker } from "../test/support/raw-clients.ts";

const out = resolve(
  process.argv[2] ?? join(import.meta.dirname, "..", "..", "..", "docs", "img", "trace.svg"),
);
const otel = (service: string) => ({
  OTEL_SERVICE_NAME: service,
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl,
  OTEL_BSP_SCHEDULE_DELAY: "100",
});
const providerOf = (service: string) =>
  new TracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces` }) }),
    ],
  });

const lease = await leaseJaeger((line) => process.stderr.write(`${line}\n`));
// Short names, for the picture; a run of its own all the same.
const run = randomUUID().slice(0, 4);
const payments = `payments-${run}`;
const eur = `payments-eur-${run}`;
const receipts = `demo-receipts-${run}`;
await createTopics(LOCAL_BROKERS, [
  { topic: payments, numPartitions: 1 },
  { topic: eur, numPartitions: 1 },
]);
const gateway = await startGatewayProcess(
  {
    listen: "127.0.0.1:0",
    brokers: LOCAL_BROKERS.join(","),
    "transactional-id-prefix": `demo-${randomUUID().slice(0, 8)}-`,
    "receipts-topic": receipts,
    "receipts-partitions": "1",
    "shutdown-grace-ms": "1000",
  },
  otel("onceport-gateway"),
);
const ledger = startKafkaConsumer(eur, `ledger-${randomUUID().slice(0, 8)}`, otel("ledger"));

// The shop: the application's OpenTelemetry, registered globally, which the SDK uses.
const shop = providerOf("shop");
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(shop);

// The currency worker: continues each input's trace, and sends its span's context with the output.
const workerTracer = providerOf("currency-worker");
const worker = startWorker(
  gateway.address,
  { group: `converters-${randomUUID().slice(0, 8)}`, topics: [payments], workerId: "currency-worker-1" },
  (batch) => ({
    kind: {
      case: "result",
      value: {
        batchId: batch.batchId,
        outputs: batch.records.map((record) => {
          const span = workerTracer
            .getTracer("currency-worker")
            .startSpan(
              "convert to EUR",
              { kind: SpanKind.INTERNAL },
              contextFromTraceparent(record.traceparent),
            );
          const payment = JSON.parse(Buffer.from(record.value).toString()) as { amount: number };
          const value = JSON.stringify({
            ...payment,
            amount: Math.round(payment.amount * 92) / 100,
            currency: "EUR",
          });
          span.end();
          return {
            inputOffset: record.offset,
            record: { topic: eur, value: Buffer.from(value) },
            traceparent: traceparentOf(trace.setSpan(ROOT_CONTEXT, span)),
          };
        }),
      },
    },
  }),
);

const client = await connect({ address: gateway.address, clientId: "shop" });
const checkout = shop.getTracer("shop").startSpan("checkout", {}, ROOT_CONTEXT);
await context.with(trace.setSpan(ROOT_CONTEXT, checkout), () =>
  client.publish([
    { topic: payments, key: "order-1", value: JSON.stringify({ order: 1, amount: 100, currency: "USD" }) },
  ]),
);
checkout.end();
await client.close();
const traceId = checkout.spanContext().traceId;
await ledger.waitForLine((line) => line.includes("EUR"));

// Flush: each process exports what it buffered as it stops.
worker.stop();
await ledger.stop();
await gateway.stop();
await shop.shutdown();
await workerTracer.shutdown();
let spans = await fetchTrace(traceId);
for (let tries = 0; tries < 40 && new Set(spans.map((span) => span.service)).size < 4; tries++) {
  await new Promise((done) => setTimeout(done, 250));
  spans = await fetchTrace(traceId);
}
await writeFile(
  out,
  renderTraceSvg(spans, `one payment through Onceport: ${spans.length} spans, 4 services`),
);
process.stdout.write(`trace ${traceId}: ${spans.length} spans → ${out}\n`);
await deleteTopics(LOCAL_BROKERS, [payments, eur, receipts]).catch(() => {});
await lease.release();
process.exit(0);
