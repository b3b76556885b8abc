import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchContext } from "../bench-context.ts";
import type { NotMeasured } from "../report/results.ts";

const gatewayDir = join(import.meta.dirname, "..", "..", "..", "..", "apps", "gateway");

/**
 * Case 5: case 1 with tracing on and off. It needs a gateway that traces;
 * until the gateway loads @onceport/tracing there is nothing to switch on,
 * and the bench says so instead of measuring an empty difference.
 */
export async function tracingCase(ctx: BenchContext): Promise<NotMeasured> {
  const manifest = JSON.parse(await readFile(join(gatewayDir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  if (!manifest.dependencies?.["@onceport/tracing"]) {
    return {
      notMeasured:
        "the gateway measured does not trace: libs/tracing (OpenTelemetry start-up, trace context in gRPC metadata, stream messages and Kafka headers) exists, but apps/gateway does not load it, so there is no tracing to switch on.",
    };
  }
  ctx.log("tracing: the gateway loads @onceport/tracing; this case does not switch it on yet");
  const register = existsSync(join(gatewayDir, "src", "telemetry", "register.ts"));
  return {
    notMeasured: `the gateway loads @onceport/tracing${register ? " (node --import src/telemetry/register.ts)" : ""}, but this bench does not start it with tracing on yet. apps/tracing-e2e/bench/stream-overhead.ts measures the stream with tracing on and off against a real Jaeger; this case should run the same variants.`,
  };
}
