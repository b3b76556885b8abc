import type { GatewayProcess } from "@onceport/gateway-fixture/launcher";
import type { BenchContext } from "../bench-context.ts";
import { runDriver } from "../drivers/run-driver.ts";
import type { ThroughputSample } from "../report/throughput-sample.ts";
import { runProducerPerformance } from "../tools/producer-performance.ts";

function perRecord(cpuMs: Readonly<Record<string, number>>, records: number): Record<string, number> {
  return Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [name, (ms * 1000) / records]));
}

/** A driver's figures, with the CPU each process used in its window, per record. */
async function sample(
  result: { recordsPerSec: number; mbPerSec: number; seconds: number; cpuMs: number },
  errors: number,
  watch: { used(): Promise<Record<string, number>> },
): Promise<ThroughputSample> {
  const records = result.recordsPerSec * result.seconds;
  return {
    recordsPerSec: result.recordsPerSec,
    mbPerSec: result.mbPerSec,
    errors,
    cpuUsPerRecord: perRecord({ client: result.cpuMs, ...(await watch.used()) }, records),
  };
}

/**
 * Records through the gateway's publish stream from a client process of its own: a raw gRPC
 * client (`gateway-stream`), or the TypeScript SDK's publisher (`sdk-stream`).
 */
async function streamRun(
  kind: "gateway-stream" | "sdk-stream",
  ctx: BenchContext,
  gateway: GatewayProcess,
  load: { topic: string; recordBytes: number; recordsPerPublish: number },
): Promise<ThroughputSample> {
  const watch = ctx.cpuWatch({ gateway });
  const result = await runDriver(
    {
      kind,
      address: gateway.address,
      clientId: ctx.unique(kind),
      inFlightRecords: 20_000,
      ...load,
      ...ctx.timing,
    },
    { timeoutMs: ctx.driverTimeoutMs, onMark: watch.onMark },
  );
  return sample(result, result.errors, watch);
}

/** Records through the publish stream from a raw gRPC client process. */
export const gatewayStreamRun = (...args: StreamRunArgs) => streamRun("gateway-stream", ...args);

/** Records through the publish stream with the TypeScript SDK's publisher, from a process of its own. */
export const sdkStreamRun = (...args: StreamRunArgs) => streamRun("sdk-stream", ...args);

type StreamRunArgs = [
  ctx: BenchContext,
  gateway: GatewayProcess,
  load: { topic: string; recordBytes: number; recordsPerPublish: number },
];

/** Records through a kafkajs producer directly, in transactions of `transactionMs` (0: none). */
export async function kafkajsStreamRun(
  ctx: BenchContext,
  load: { topic: string; recordBytes: number; transactionMs: number },
): Promise<ThroughputSample> {
  const watch = ctx.cpuWatch();
  const result = await runDriver(
    {
      kind: "kafkajs-stream",
      brokers: ctx.brokers,
      transactionalId: ctx.unique("kafkajs"),
      chunkRecords: 1_000,
      ...load,
      ...ctx.timing,
    },
    { timeoutMs: ctx.driverTimeoutMs, onMark: watch.onMark },
  );
  return sample(result, result.errors, watch);
}

/** Kafka's own Java producer benchmark, in transactions of `transactionMs` (0: none). */
export async function producerPerformanceRun(
  ctx: BenchContext,
  load: { topic: string; recordBytes: number; transactionMs: number },
): Promise<ThroughputSample> {
  const watch = ctx.cpuWatch();
  const result = await runProducerPerformance(
    {
      brokers: ctx.brokers,
      transactionalId: ctx.unique("java"),
      ...load,
      warmupMs: ctx.options.warmupMs,
      // It reports every 5 s: at least two reports make the window.
      durationMs: ctx.options.quick ? ctx.options.durationMs : Math.max(10_000, ctx.options.durationMs),
    },
    watch.onMark,
  );
  return sample(result, 0, watch);
}
