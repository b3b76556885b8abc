import type { BenchContext } from "../bench-context.ts";
import { GatewaySource } from "../gateway/gateway-source.ts";
import { type ThroughputTable, throughputTable } from "../report/tables.ts";
import type { ThroughputSample } from "../report/throughput-sample.ts";
import { interleaved } from "./interleave.ts";
import { throughputPartitions } from "./stream-throughput.ts";
import { gatewayStreamRun } from "./throughput-runs.ts";

export const oneGateway = "2 clients, 1 gateway";

/**
 * Two samples taken side by side, as one: their rates add up. CPU per record
 * is left out: the broker (and in one variant the gateway) served both
 * clients, so each client's share of it is unknown.
 */
function combined(samples: readonly ThroughputSample[]): ThroughputSample {
  return {
    recordsPerSec: samples.reduce((sum, sample) => sum + sample.recordsPerSec, 0),
    mbPerSec: samples.reduce((sum, sample) => sum + sample.mbPerSec, 0),
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    cpuUsPerRecord: {},
  };
}

/**
 * What one more gateway process adds: two clients streaming at once through
 * one gateway, against the same two clients through a gateway each. On this
 * machine the answer is bounded by its cores, which the broker, the gateways
 * and the clients share.
 */
export async function scaleOut(ctx: BenchContext): Promise<ThroughputTable> {
  ctx.log("scale-out: one more gateway process");
  const topic = await ctx.createTopic("scale-out", throughputPartitions);
  const fresh = !ctx.options.quick;
  const first = new GatewaySource(ctx, {}, fresh);
  const second = new GatewaySource(ctx, {}, fresh);
  const load = { topic, recordBytes: 100, recordsPerPublish: 100 };
  const results = await interleaved<ThroughputSample>(
    ctx.options.runs,
    [
      {
        name: oneGateway,
        run: () =>
          first.use(async (gateway) =>
            combined(
              await Promise.all([gatewayStreamRun(ctx, gateway, load), gatewayStreamRun(ctx, gateway, load)]),
            ),
          ),
      },
      {
        name: "2 clients, 2 gateways (one each)",
        run: () =>
          first.use((a) =>
            second.use(async (b) =>
              combined(await Promise.all([gatewayStreamRun(ctx, a, load), gatewayStreamRun(ctx, b, load)])),
            ),
          ),
      },
    ],
    (line) => ctx.log(line),
  );
  return throughputTable(
    "publish stream, 100 B records, 100 records a publish, both clients together",
    oneGateway,
    results,
  );
}
