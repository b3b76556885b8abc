import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchContext } from "../bench-context.ts";
import { GatewaySource } from "../gateway/gateway-source.ts";
import type { NotMeasured } from "../report/results.ts";
import { type ThroughputTable, throughputTable } from "../report/tables.ts";
import type { ThroughputSample } from "../report/throughput-sample.ts";
import { interleaved } from "./interleave.ts";
import { throughputPartitions } from "./stream-throughput.ts";
import { gatewayStreamRun } from "./throughput-runs.ts";

const gatewayDir = join(import.meta.dirname, "..", "..", "..", "..", "apps", "gateway");
/** How the gateway starts with telemetry (its `npm start`): OpenTelemetry loads before grpc-js and kafkajs. */
const telemetryRegister = join(gatewayDir, "src", "telemetry", "register.ts");

export const tracingOff = "Onceport stream, tracing off";

/**
 * Case 5: case 1 with tracing on and off. On: the gateway started as `npm
 * start` starts it (`--import src/telemetry/register.ts`) with OTLP export to
 * a local Jaeger (tools/jaeger), every publish traced (the client sends no
 * trace context, so each is a sampled root). A gateway that cannot trace is
 * reported as not measured, with the reason.
 */
export async function tracingCase(ctx: BenchContext): Promise<ThroughputTable | NotMeasured> {
  const manifest = JSON.parse(await readFile(join(gatewayDir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  if (!manifest.dependencies?.["@onceport/tracing"] || !existsSync(telemetryRegister)) {
    return {
      notMeasured:
        "the gateway measured does not trace: libs/tracing (OpenTelemetry start-up, trace context in gRPC metadata, stream messages and Kafka headers) exists, but apps/gateway does not load it, so there is no tracing to switch on.",
    };
  }
  // Loaded only here: the Jaeger tooling is needed by this case alone.
  const { leaseJaeger, otlpHttpUrl } = await import("@onceport/jaeger-dev");
  const jaeger = await leaseJaeger((line) => ctx.log(line));
  try {
    const topic = await ctx.createTopic("tracing", throughputPartitions);
    const fresh = !ctx.options.quick;
    const off = new GatewaySource(ctx, {}, fresh);
    const on = new GatewaySource(
      ctx,
      {
        nodeArgs: ["--import", telemetryRegister],
        env: { OTEL_SERVICE_NAME: ctx.unique("gateway"), OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpUrl },
      },
      fresh,
    );
    const load = { topic, recordBytes: 100, recordsPerPublish: 100 };
    ctx.log("tracing: the stream with tracing off and on");
    const results = await interleaved<ThroughputSample>(
      ctx.options.runs,
      [
        { name: tracingOff, run: () => off.use((gateway) => gatewayStreamRun(ctx, gateway, load)) },
        {
          name: "Onceport stream, tracing on (every publish, OTLP to a local Jaeger)",
          run: () => on.use((gateway) => gatewayStreamRun(ctx, gateway, load)),
        },
      ],
      (line) => ctx.log(line),
    );
    await ctx.cleanUp();
    return throughputTable("publish stream, 100 B records, 100 records a publish", tracingOff, results);
  } finally {
    await jaeger.release();
  }
}
