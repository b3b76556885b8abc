// The cost of tracing on the publish stream, in records/s, in one run of this
// script: a gateway without telemetry, and a gateway exporting its spans to a
// real Jaeger, driven by a client that sends a traceparent with every publish,
// every publish sampled or 1 in 10; the variants interleaved, round by round.
//   node apps/tracing-e2e/bench/stream-overhead.ts [--rounds 5] [--seconds 5] [--records-per-publish 1]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { leaseJaeger, otlpHttpUrl } from "@onceport/jaeger-dev";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { createTopics, deleteTopics } from "@onceport/kafka-dev/testing";
import { startGatewayProcess } from "../test/support/processes.ts";
import { cpuSeconds } from "./cpu-time.ts";
import { streamRecordsPerSecond } from "./stream-driver.ts";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "5" },
    "records-per-publish": { type: "string", default: "1" },
    "record-bytes": { type: "string", default: "100" },
  },
});
const rounds = Number(values.rounds);
const measureMs = Number(values.seconds) * 1000;
const recordsPerPublish = Number(values["records-per-publish"]);
const recordBytes = Number(values["record-bytes"]);

const variants = [
  { name: "tracing off", gateway: "off", sampled: 1 },
  { name: "tracing on, every publish sampled", gateway: "on", sampled: 1 },
  { name: "tracing on, 1 publish in 10 sampled", gateway: "on", sampled: 0.1 },
] as const;

const run = randomUUID().slice(0, 8);
const topic = `overhead-${run}`;
const receiptsTopic = (name: string) => `overhead-receipts-${run}-${name}`;
const lease = await leaseJaeger((line) => process.stderr.write(`${line}\n`));
await createTopics(LOCAL_BROKERS, [{ topic, numPartitions: 3 }]);
const gatewayEnv = {
  off: {},
  on: { OTEL_SERVICE_NAME: `onceport-gateway-overhead-${run}`, OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl },
};
const gateways = Object.fromEntries(
  await Promise.all(
    Object.entries(gatewayEnv).map(async ([name, env]) => {
      const gateway = await startGatewayProcess(
        {
          listen: "127.0.0.1:0",
          brokers: LOCAL_BROKERS.join(","),
          "transactional-id-prefix": `overhead-${run}-${name}-`,
          "receipts-topic": receiptsTopic(name),
          "receipts-partitions": "1",
          "shutdown-grace-ms": "1000",
        },
        env,
      );
      return [name, gateway] as const;
    }),
  ),
);

const results = variants.map(() => [] as number[]);
/** The gateway's CPU time per record acknowledged, in microseconds. */
const cpuPerRecord = variants.map(() => [] as number[]);
try {
  for (let round = 0; round < rounds; round++) {
    // A different variant first in each round: none always runs on a fresh (or tired) machine.
    const order = variants.map((_, index) => (index + round) % variants.length);
    for (const index of order) {
      const variant = variants[index];
      const gateway = variant && gateways[variant.gateway];
      if (!variant || !gateway) throw new Error(`no variant ${index}`);
      const pid = gateway.pid;
      const cpuBefore = await cpuSeconds(pid);
      const { perSecond: rate, acknowledged } = await streamRecordsPerSecond({
        address: gateway.address,
        clientId: `overhead-${run}-${index}-${round}`,
        topic,
        recordsPerPublish,
        recordBytes,
        inFlightRecords: 5_000,
        warmupMs: 1_000,
        measureMs,
        sampled: variant.sampled,
      });
      const cpu = ((await cpuSeconds(pid)) - cpuBefore) / acknowledged;
      results[index]?.push(rate);
      cpuPerRecord[index]?.push(cpu * 1e6);
      process.stderr.write(
        `round ${round + 1}, ${variant.name}: ${Math.round(rate)} records/s, ${(cpu * 1e6).toFixed(0)} µs CPU/record\n`,
      );
    }
  }
} finally {
  for (const gateway of Object.values(gateways)) await gateway.stop();
  await deleteTopics(LOCAL_BROKERS, [topic, ...Object.keys(gatewayEnv).map(receiptsTopic)]).catch(() => {});
  await lease.release();
}

const median = (list: readonly number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2
    ? (sorted[Math.floor(middle)] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const thousands = (value: number) => Math.round(value).toLocaleString("en-US");
const off = results[0] ?? [];
const lines = [
  `${rounds} rounds, ${measureMs / 1000} s each after 1 s of warm-up; ${recordsPerPublish} record(s) of ${recordBytes} B per publish, 5,000 records in flight`,
  "",
  "| gateway | records/s, median (min–max) | against off, run by run (median) | gateway CPU per record, median |",
  "| --- | --- | --- | --- |",
  ...variants.map((variant, index) => {
    const rates = results[index] ?? [];
    const ratios = rates.map((rate, run) => rate / (off[run] ?? rate));
    const cpu = median(cpuPerRecord[index] ?? []);
    return `| ${variant.name} | ${thousands(median(rates))} (${thousands(Math.min(...rates))}–${thousands(Math.max(...rates))}) | ${index === 0 ? "1" : median(ratios).toFixed(2)} | ${cpu.toFixed(0)} µs |`;
  }),
  "",
];
process.stdout.write(lines.join("\n"));
process.exit(0);
