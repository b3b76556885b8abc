// A plain Kafka consumer as another team would write it, in a process of its own,
// started with `node --import @onceport/tracing/register kafka-consumer.ts <topic>`:
// for each record it continues the producer's trace from the record's headers
// (W3C traceparent, written by the gateway) and prints what it handled, one JSON
// line each. SIGTERM flushes its spans and ends it.
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { silenceKafkajsNegativeTimeoutWarning } from "@onceport/kafkajs-compat";
import { extractFromHeaders, type HeadersLike, shutdownTelemetry } from "@onceport/tracing";
import { ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import kafkajs from "kafkajs";

const [topic, group] = process.argv.slice(2);
if (!topic || !group) throw new Error("usage: kafka-consumer.ts <topic> <group>");

silenceKafkajsNegativeTimeoutWarning();
const kafka = new kafkajs.Kafka({
  clientId: "e2e-consumer",
  brokers: [...LOCAL_BROKERS],
  logLevel: kafkajs.logLevel.NOTHING,
});
const consumer = kafka.consumer({ groupId: group, readUncommitted: false, maxWaitTimeInMs: 100 });
const tracer = trace.getTracer("e2e-consumer");

await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const parent = extractFromHeaders((message.headers ?? {}) as HeadersLike, ROOT_CONTEXT);
    const span = tracer.startSpan(
      `handle ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { "messaging.system": "kafka", "messaging.kafka.offset": Number(message.offset) },
      },
      parent,
    );
    span.end();
    const { traceId, spanId } = span.spanContext();
    process.stdout.write(`${JSON.stringify({ value: message.value?.toString(), traceId, spanId })}\n`);
  },
});

process.once("SIGTERM", () => {
  consumer
    .disconnect()
    .catch(() => {})
    .then(() => shutdownTelemetry())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
});
