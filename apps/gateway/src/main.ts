// The production gateway: `node src/main.ts` (or dist/main.js once built) with flags, the
// environment and an optional --config file. Test-only hooks live in src/testing/test-main.ts,
// which the build leaves out.
import { runGatewayProcess } from "./run-gateway.ts";

await runGatewayProcess({ argv: process.argv.slice(2), env: process.env });
