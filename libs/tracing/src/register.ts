// `node --import @onceport/tracing/register app.ts`: starts telemetry before
// the application loads grpc-js and kafkajs, when OTEL_* variables ask for it.
import { startTelemetry } from "./start-telemetry.ts";

await startTelemetry({ serviceName: process.env.OTEL_SERVICE_NAME ?? "onceport" });
