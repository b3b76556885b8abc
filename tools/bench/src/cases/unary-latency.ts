import type { BenchContext } from "../bench-context.ts";
import { GatewaySource } from "../gateway/gateway-source.ts";
import { type LatencySample, type LatencyTable, latencyTable } from "../report/tables.ts";
import { ensureGhz } from "../tools/ghz.ts";
import { interleaved } from "./interleave.ts";
import {
  gatewayUnaryRun,
  ghzUnaryRun,
  kafkajsUnaryRun,
  sdkUnaryRun,
  type UnaryLoadShape,
} from "./latency-runs.ts";

export const latencyBaseline = "kafkajs transaction (direct)";

/** Offered rates of the fixed-rate runs, by records per publish: well under saturation. */
const fixedRates: Readonly<Record<number, number>> = { 1: 50, 100: 50 };

/**
 * Case 2: latency of an atomic publish of 1 and of 100 records (100 B each),
 * at a fixed offered rate and at saturation (closed loop: one publish at a
 * time, as a session runs them), through the gateway from three drivers (a
 * raw Node gRPC client, ghz and the TypeScript SDK) and as a direct kafkajs
 * transaction.
 */
export async function unaryLatency(ctx: BenchContext): Promise<LatencyTable[]> {
  const ghz = await ensureGhz((line) => ctx.log(line));
  const topic = await ctx.createTopic("unary", 1);
  const gateways = new GatewaySource(ctx, {}, false);
  const tables: LatencyTable[] = [];
  for (const { recordsPerPublish, fixedRate } of ctx.options.matrix.latencyGroups) {
    const ratePerSec = fixedRate ? (fixedRates[recordsPerPublish] ?? 50) : 0;
    const load: UnaryLoadShape = { topic, recordBytes: 100, recordsPerPublish, ratePerSec };
    const title = `${recordsPerPublish} record${recordsPerPublish === 1 ? "" : "s"} a publish, ${
      ratePerSec > 0 ? `${ratePerSec} publishes/s offered` : "saturation (one at a time, back to back)"
    }`;
    ctx.log(`unary latency: ${title}`);
    const results = await interleaved<LatencySample>(
      ctx.options.runs,
      [
        { name: latencyBaseline, run: () => kafkajsUnaryRun(ctx, load) },
        {
          name: "Onceport, Node raw gRPC client",
          run: () => gateways.use((gateway) => gatewayUnaryRun(ctx, gateway, load)),
        },
        {
          name: "Onceport, ghz (Go)",
          run: () => gateways.use((gateway) => ghzUnaryRun(ctx, ghz, gateway, load)),
        },
        {
          name: "Onceport, TypeScript SDK",
          run: () => gateways.use((gateway) => sdkUnaryRun(ctx, gateway, load)),
        },
      ],
      (line) => ctx.log(line),
    );
    tables.push(latencyTable(title, latencyBaseline, results));
  }
  return tables;
}
