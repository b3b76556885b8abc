#!/usr/bin/env node
// The onceport command line, as `node apps/cli/src/main.ts` or `npx onceport`.
import { enableCompileCache } from "node:module";

// Most of a start is Node stripping the types of the SDK's TypeScript and compiling it; the
// compile cache (in the OS's temporary directory, NODE_COMPILE_CACHE to move it, or
// NODE_DISABLE_COMPILE_CACHE=1 to turn it off) keeps both for the next run, halving it.
enableCompileCache();
// Deprecation warnings are for the developers of its libraries, not for the user of a
// command (grpc-js sets a TLS server name to an IP address, DEP0123, on every TLS call).
process.noDeprecation = true;

// Loaded after the cache is on, so that they come out of it.
const { runCli } = await import("./cli.ts");
const { processIo } = await import("./io.ts");
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// Every command closes what it opened; this only guards against a stray handle (a socket
// some library keeps, or a connect given up on that is still winding down) holding the
// finished command open.
setTimeout(() => process.exit(code), 2_000).unref();
