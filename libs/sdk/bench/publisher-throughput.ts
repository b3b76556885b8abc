// Publisher throughput against a real gateway process and the local broker:
//   node libs/sdk/bench/publisher-throughput.ts [--records 50000] [--per-publish 1]
//     [--max-in-flight 10000] [--max-in-flight-records 20000] [--partitions 4]
// (the local broker must run: `npm run kafka -- start`). Prints one JSON line.
import { parseArgs } from "node:util";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, uniqueTopicName } from "@onceport/kafka-dev/testing";
import { connect } from "../src/index.ts";
import { startGatewayProcess, uniqueClientId, uniquePrefix } from "../test/support/gateways.ts";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "50000" },
    "per-publish": { type: "string", default: "1" },
    "max-in-flight": { type: "string", default: "10000" },
    "max-in-flight-records": { type: "string", default: "20000" },
    partitions: { type: "string", default: "4" },
  },
});
const total = Number(values.records);
const perPublish = Number(values["per-publish"]);
const partitions = Number(values.partitions);

const topic = uniqueTopicName("bench-publisher");
await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: partitions }]);
const gateway = await startGatewayProcess({ prefix: uniquePrefix("bench") });
try {
  const client = await connect({ address: gateway.address, clientId: uniqueClientId("bench") });
  const publisher = client.publisher({
    maxInFlight: Number(values["max-in-flight"]),
    maxInFlightRecords: Number(values["max-in-flight-records"]),
  });
  const started = performance.now();
  for (let i = 0; i < total; i += perPublish) {
    const records = Array.from({ length: Math.min(perPublish, total - i) }, (_, j) => ({
      topic,
      partition: (i + j) % partitions,
      value: String(i + j),
    }));
    await publisher.submit(records);
  }
  await publisher.flush();
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  process.stdout.write(
    `${JSON.stringify({ records: total, perPublish, seconds: Number(seconds.toFixed(2)), recordsPerSecond: Math.round(total / seconds), maxInFlight: Number(values["max-in-flight"]), maxInFlightRecords: Number(values["max-in-flight-records"]) })}\n`,
  );
} finally {
  await gateway.kill("SIGTERM");
}
