// A plain Kafka consumer as another team would write it, in a process of its own,
// started with `node --import @onceport/tracing/register kafka-consumer.ts <topic>`:
// it reads every partition of the topic from the start (read_committed, through the
// @onceport/kafka seam), and for each record continues the producer's trace from the
// record's headers (W3C traceparent, written by the gateway) and prints what it handled,
// one JSON line each. SIGTERM flushes its spans and ends it.
import { headerText, type PartitionOffset, type RecordHeaders } from "@onceport/kafka";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { devKafkaClient } from "@onceport/kafka-dev/testing";
import { shutdownTelemetry } from "@onceport/tracing";
import { propagation, ROOT_CONTEXT, SpanKind, type TextMapGetter, trace } from "@opentelemetry/api";

const [topic] = process.argv.slice(2);
if (!topic) throw new Error("usage: kafka-consumer.ts <topic>");

/** Headers stay the ordered list they are (a name may repeat): the first value counts. */
const headersGetter: TextMapGetter<RecordHeaders> = {
  keys: (headers) => [...new Set(headers.map((header) => header.key))],
  get: (headers, key) => headerText(headers, key),
};

let stopping = false;
process.once("SIGTERM", () => {
  stopping = true;
});

const tracer = trace.getTracer("e2e-consumer");
const client = await devKafkaClient(LOCAL_BROKERS, "e2e-consumer");
const admin = await client.admin();
let starts: PartitionOffset[];
try {
  const [described] = await admin.describeTopics([topic]);
  const partitions = (described?.partitions ?? []).map(({ partition }) => ({ topic, partition }));
  starts = await admin.listOffsets(partitions, "earliest");
} finally {
  await admin.close();
}
const reader = await client.reader({ isolation: "read_committed" });
await reader.assign(starts);

while (!stopping) {
  for (const batch of await reader.poll(100)) {
    for (const record of batch.records) {
      const parent = propagation.extract(ROOT_CONTEXT, record.headers, headersGetter);
      const span = tracer.startSpan(
        `handle ${topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { "messaging.system": "kafka", "messaging.kafka.offset": Number(record.offset) },
        },
        parent,
      );
      span.end();
      const { traceId, spanId } = span.spanContext();
      process.stdout.write(`${JSON.stringify({ value: record.value?.toString(), traceId, spanId })}\n`);
    }
  }
}

await reader.close().catch(() => {});
await shutdownTelemetry().then(
  () => process.exit(0),
  () => process.exit(1),
);
