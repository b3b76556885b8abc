import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const gatewayDir = join(import.meta.dirname, "..", "..");

/**
 * What the entry point of `node --import ./src/telemetry/register.ts <entry>`
 * finds on its first line: whether a tracer provider is registered, and which
 * of kafkajs and grpc-js are loaded already.
 */
async function firstLineOfEntry(env: Record<string, string>) {
  const entry = `
    import { createRequire } from "node:module";
    import { trace } from "@opentelemetry/api";
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const provider = trace.getTracerProvider();
    process.stdout.write(JSON.stringify({
      registered: provider.getDelegateTracer?.("probe") !== undefined,
      kafkajs: loaded.some((path) => path.includes("/kafkajs/")),
      grpc: loaded.some((path) => path.includes("/@grpc/grpc-js/")),
    }));`;
  const { stdout } = await run(
    process.execPath,
    ["--import", "./src/telemetry/register.ts", "--input-type=module", "-e", entry],
    { cwd: gatewayDir, env: { PATH: process.env.PATH ?? "", ...env } },
  );
  return JSON.parse(stdout) as { registered: boolean; kafkajs: boolean; grpc: boolean };
}

describe("the gateway's telemetry start-up (node --import, ESM, type stripping)", () => {
  it("registers OpenTelemetry before the entry point runs, so before the gateway loads its modules", async () => {
    const found = await firstLineOfEntry({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
      OTEL_BSP_SCHEDULE_DELAY: "60000",
    });
    expect(found.registered).toBe(true);
    expect(found.kafkajs).toBe(false);
    // (grpc-js is loaded already: the NodeSDK imports its OTLP gRPC exporters, which load it. Harmless
    // here, since nothing patches grpc-js: the gateway's spans are its own; see docs/tracing.md.)
  });

  it("loads nothing when no OTEL_* variable asks for telemetry", async () => {
    // No SDK, so not even the OTLP exporters (the NodeSDK's gRPC exporter would load grpc-js).
    expect(await firstLineOfEntry({})).toEqual({ registered: false, kafkajs: false, grpc: false });
  });
});
