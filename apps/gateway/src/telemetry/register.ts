// `node --import ./src/telemetry/register.ts src/main.ts` (what `npm start` runs):
// OpenTelemetry starts, when OTEL_* variables ask for it, before main.ts loads
// grpc-js and kafkajs. Node awaits this module before it loads the entry point.
import { startGatewayTelemetry } from "./process-telemetry.ts";

await startGatewayTelemetry();
