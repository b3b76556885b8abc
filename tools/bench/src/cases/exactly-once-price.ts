import { setTimeout as sleep } from "node:timers/promises";
import type { BenchContext } from "../bench-context.ts";
import { GatewaySource } from "../gateway/gateway-source.ts";
import { type ThroughputTable, throughputTable } from "../report/tables.ts";
import type { ThroughputSample } from "../report/throughput-sample.ts";
import { interleaved } from "./interleave.ts";
import { throughputPartitions } from "./stream-throughput.ts";
import { gatewayStreamRun, kafkajsStreamRun } from "./throughput-runs.ts";

export const idempotentBaseline = "kafkajs, idempotent, no transactions";
export const receiptsBaseline = "Onceport stream, receipts on";
const recordBytes = 1024;

/**
 * Case 3: what exactly-once costs. The transactional stream (and, to tell
 * Kafka's share from the gateway's, a kafkajs producer in transactions of the
 * same length) against an idempotent producer with no transactions, at commit
 * intervals of 10, 100 and 1,000 ms, 1 KiB records (Kafka's own figure: about
 * 3% at 100 ms).
 */
export async function exactlyOncePrice(ctx: BenchContext): Promise<ThroughputTable[]> {
  const tables: ThroughputTable[] = [];
  for (const intervalMs of ctx.options.matrix.commitIntervalsMs) {
    ctx.log(`price of exactly-once, ${intervalMs} ms transactions`);
    const topic = await ctx.createTopic(`eos-${intervalMs}`, throughputPartitions);
    const gateways = new GatewaySource(
      ctx,
      { flags: { "stream-commit-interval-ms": String(intervalMs) } },
      !ctx.options.quick,
    );
    const results = await interleaved<ThroughputSample>(
      ctx.options.runs,
      [
        {
          name: idempotentBaseline,
          run: () => kafkajsStreamRun(ctx, { topic, recordBytes, transactionMs: 0 }),
        },
        {
          name: `kafkajs, ${intervalMs} ms transactions`,
          run: () => kafkajsStreamRun(ctx, { topic, recordBytes, transactionMs: intervalMs }),
        },
        {
          name: `Onceport stream, commit interval ${intervalMs} ms, 100 records a publish`,
          run: () =>
            gateways.use((gateway) =>
              gatewayStreamRun(ctx, gateway, { topic, recordBytes, recordsPerPublish: 100 }),
            ),
        },
      ],
      (line) => ctx.log(line),
    );
    tables.push(throughputTable(`${intervalMs} ms transactions, 1 KiB records`, idempotentBaseline, results));
    await ctx.cleanUp();
  }
  return tables;
}

/**
 * Case 3, second half: what durable idempotency keys cost. The same stream
 * with receipts on, and with the test-only switch that writes none (which
 * voids the idempotency guarantee: it exists for this measurement only).
 */
export async function receiptsPrice(ctx: BenchContext): Promise<ThroughputTable> {
  ctx.log("price of receipts, 100 ms commit interval");
  const topic = await ctx.createTopic("receipts", throughputPartitions);
  const fresh = !ctx.options.quick;
  const withReceipts = new GatewaySource(ctx, {}, fresh);
  const withoutReceipts = new GatewaySource(ctx, { testFlags: { "test-disable-receipts": "true" } }, fresh);
  const sizes = ctx.options.matrix.receiptsPublishSizes;
  const variants = sizes.flatMap((recordsPerPublish) => {
    const load = { topic, recordBytes, recordsPerPublish };
    const suffix = `${recordsPerPublish} record${recordsPerPublish === 1 ? "" : "s"} a publish`;
    return [
      {
        name: `${receiptsBaseline}, ${suffix}`,
        run: () => withReceipts.use((gateway) => gatewayStreamRun(ctx, gateway, load)),
      },
      {
        name: `Onceport stream, receipts off (test-only switch), ${suffix}`,
        run: () =>
          withoutReceipts.use(async (gateway) => {
            // The test entry point says so on stderr, a pipe read apart from the log's stdout.
            const switched = () => gateway.logLines.some((line) => line.includes("receipts are disabled"));
            for (const waitUntil = Date.now() + 5_000; !switched() && Date.now() < waitUntil; ) {
              await sleep(50);
            }
            if (!switched()) {
              throw new Error(
                "this gateway has no receipts switch (its test entry point's --test-disable-receipts)",
              );
            }
            return gatewayStreamRun(ctx, gateway, load);
          }),
      },
    ];
  });
  const results = await interleaved<ThroughputSample>(ctx.options.runs, variants, (line) => ctx.log(line));
  // Each receipts-off variant is compared with the receipts-on one of the same publish size.
  const tables = sizes.map((recordsPerPublish) => {
    const suffix = `${recordsPerPublish} record${recordsPerPublish === 1 ? "" : "s"} a publish`;
    const pair = new Map([...results].filter(([name]) => name.endsWith(suffix)));
    return throughputTable(suffix, `${receiptsBaseline}, ${suffix}`, pair);
  });
  return {
    title: "receipts on against off, 100 ms commit interval, 1 KiB records",
    rows: tables.flatMap((t) => t.rows),
  };
}
