import { join } from "node:path";
import { GATEWAY_SRC } from "../paths.ts";

/** The scripts a gateway process can start from. */
export const gatewayEntryPoints = {
  /** The production gateway, as `npm start` and operators run it. */
  main: join(GATEWAY_SRC, "main.ts"),
  /** main.ts plus the test-only fault hooks (`--test-...` flags); never in the built gateway. */
  testMain: join(GATEWAY_SRC, "testing", "test-main.ts"),
  /** OpenTelemetry's set-up, loaded with `--import` before grpc-js and the Kafka client, as `npm start` does. */
  telemetry: join(GATEWAY_SRC, "telemetry", "register.ts"),
} as const;
