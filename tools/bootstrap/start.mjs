// @ts-check
// `npm start`: the local Kafka broker (unless ONCEPORT_BROKERS names other
// brokers), then the gateway in the foreground; Ctrl-C stops the gateway
// gracefully and leaves the broker running (`npm run kafka -- stop` stops it).
// The gateway's metrics are on 127.0.0.1:9464/metrics; with ONCEPORT_JAEGER=1
// a local Jaeger runs too and the gateway sends it its traces.
import { spawn, spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

if (!process.env.ONCEPORT_BROKERS) {
  const kafka = spawnSync(process.execPath, [join(root, "tools/kafka/src/cli.ts"), "start"], {
    stdio: "inherit",
  });
  if (kafka.status !== 0) process.exit(kafka.status ?? 1);
}

/** @type {Record<string, string>} */
const telemetry = {};
if (process.env.OTEL_METRICS_EXPORTER === undefined) {
  // The product's metrics endpoint: Prometheus text on 127.0.0.1:9464/metrics.
  telemetry.OTEL_METRICS_EXPORTER = "prometheus";
  const host = process.env.OTEL_EXPORTER_PROMETHEUS_HOST || "127.0.0.1";
  process.stderr.write(
    `[onceport] metrics: http://${host}:${process.env.OTEL_EXPORTER_PROMETHEUS_PORT || 9464}/metrics\n`,
  );
}
if (process.env.ONCEPORT_JAEGER === "1") {
  // Built once from the Go module proxy (minutes the first time), then reused; it keeps running.
  const jaeger = spawnSync(process.execPath, [join(root, "tools/jaeger/src/cli.ts"), "start"], {
    stdio: "inherit",
  });
  if (jaeger.status !== 0) process.exit(jaeger.status ?? 1);
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT)
    telemetry.OTEL_EXPORTER_OTLP_ENDPOINT = "http://127.0.0.1:4318";
  process.stderr.write(
    "[onceport] traces: Jaeger's API at http://127.0.0.1:16686/api/v3/services; " +
      "draw a trace with `npm run jaeger -- render <trace id>` (docs/tracing.md)\n",
  );
}

// Telemetry loads first (`--import`), before the gateway loads grpc-js and kafkajs.
const gateway = spawn(
  process.execPath,
  [
    "--import",
    join(root, "apps/gateway/src/telemetry/register.ts"),
    join(root, "apps/gateway/src/main.ts"),
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: { ...process.env, ...telemetry } },
);
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => gateway.kill(signal));
}
gateway.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
