// `node --import @onceport/tracing/register app.ts`: starts telemetry before
// the application loads grpc-js and kafkajs, when OTEL_* variables ask for it,
// and flushes it when the program ends by itself (a program that calls
// process.exit, or ends on a signal, calls shutdownTelemetry first).
import { shutdownTelemetry, startTelemetry } from "./start-telemetry.ts";

if (await startTelemetry({ serviceName: process.env.OTEL_SERVICE_NAME ?? "onceport" })) {
  process.once("beforeExit", () => {
    shutdownTelemetry().catch(() => {});
  });
}
