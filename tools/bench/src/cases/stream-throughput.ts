import type { BenchContext } from "../bench-context.ts";
import { GatewaySource } from "../gateway/gateway-source.ts";
import { type ThroughputTable, throughputTable } from "../report/tables.ts";
import type { ThroughputSample } from "../report/throughput-sample.ts";
import { interleaved } from "./interleave.ts";
import {
  gatewayStreamRun,
  kafkajsStreamRun,
  producerPerformanceRun,
  sdkStreamRun,
} from "./throughput-runs.ts";

export const streamBaseline = "kafkajs, 100 ms transactions";

/** Partitions of the throughput topics: a 5,000-record batch of 1 KiB records stays under the broker's 1 MB batch limit per partition. */
export const throughputPartitions = 8;

/**
 * Case 1: records/s through the publish stream (commit interval 100 ms, its
 * default) against a direct kafkajs producer in 100 ms transactions and
 * Kafka's own Java benchmark in 100 ms transactions (the ceiling).
 */
export async function streamThroughput(ctx: BenchContext): Promise<ThroughputTable[]> {
  const tables: ThroughputTable[] = [];
  for (const recordBytes of ctx.options.matrix.streamRecordBytes) {
    ctx.log(`stream throughput, ${recordBytes} B records`);
    const topic = await ctx.createTopic(`stream-${recordBytes}`, throughputPartitions);
    const gateways = new GatewaySource(ctx, {}, !ctx.options.quick);
    const results = await interleaved<ThroughputSample>(
      ctx.options.runs,
      [
        {
          name: streamBaseline,
          run: () => kafkajsStreamRun(ctx, { topic, recordBytes, transactionMs: 100 }),
        },
        {
          name: "Onceport stream, 1 record a publish",
          run: () =>
            gateways.use((gateway) =>
              gatewayStreamRun(ctx, gateway, { topic, recordBytes, recordsPerPublish: 1 }),
            ),
        },
        {
          name: "Onceport stream, 100 records a publish",
          run: () =>
            gateways.use((gateway) =>
              gatewayStreamRun(ctx, gateway, { topic, recordBytes, recordsPerPublish: 100 }),
            ),
        },
        {
          name: "Onceport stream via the TypeScript SDK, 100 records a publish",
          run: () =>
            gateways.use((gateway) =>
              sdkStreamRun(ctx, gateway, { topic, recordBytes, recordsPerPublish: 100 }),
            ),
        },
        {
          name: "Java ProducerPerformance, 100 ms transactions",
          run: () => producerPerformanceRun(ctx, { topic, recordBytes, transactionMs: 100 }),
        },
      ],
      (line) => ctx.log(line),
    );
    tables.push(
      throughputTable(
        `${recordBytes === 1024 ? "1 KiB" : `${recordBytes} B`} records`,
        streamBaseline,
        results,
      ),
    );
    await ctx.cleanUp();
  }
  return tables;
}
