// TEST ONLY: the gateway with fault hooks, for the gateway's tests, the fault suite and the
// benchmark (`node apps/gateway/src/testing/test-main.ts --test-... value --flags`). It is
// main.ts plus the hooks of test-hooks.ts, installed through GatewayComposition; the build
// (tsconfig.build.json) leaves src/testing out, so no deployed gateway can reach them.
import { ConfigError } from "../config-error.ts";
import { runGatewayProcess } from "../run-gateway.ts";
import { takeTestFlags, testComposition, testFlagsHelp } from "./test-hooks.ts";

try {
  const { argv, hooks } = takeTestFlags(process.argv.slice(2), process.env);
  if (hooks.disableReceipts) {
    process.stderr.write("TEST ENTRY POINT: receipts are disabled: idempotency keys are NOT durable\n");
  }
  await runGatewayProcess({
    argv,
    env: process.env,
    composition: testComposition(hooks),
    moreHelp: testFlagsHelp(),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
