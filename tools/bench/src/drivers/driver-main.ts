// A driver process: `node driver-main.ts '<DriverSpec JSON>'` runs one driver
// and prints its DriverResult as the last line of stdout.
import type { DriverResult, DriverSpec } from "./driver-spec.ts";
import { gatewayStream } from "./gateway-stream.ts";
import { gatewayUnary } from "./gateway-unary.ts";
import { kafkajsStream } from "./kafkajs-stream.ts";
import { kafkajsUnary } from "./kafkajs-unary.ts";
import { sdkStream, sdkUnary } from "./sdk.ts";
import { sessions } from "./sessions.ts";

function run(spec: DriverSpec): Promise<DriverResult> {
  switch (spec.kind) {
    case "gateway-stream":
      return gatewayStream(spec);
    case "sdk-stream":
      return sdkStream(spec);
    case "kafkajs-stream":
      return kafkajsStream(spec);
    case "gateway-unary":
      return gatewayUnary(spec);
    case "sdk-unary":
      return sdkUnary(spec);
    case "kafkajs-unary":
      return kafkajsUnary(spec);
    case "sessions":
      return sessions(spec);
  }
}

const spec = JSON.parse(process.argv[2] ?? "{}") as DriverSpec;
try {
  const result = await run(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(
    `driver ${spec.kind} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
}
