#!/usr/bin/env node
// The onceport command line, as `node apps/cli/src/main.ts` or `npx onceport`.
import { runCli } from "./cli.ts";
import { processIo } from "./io.ts";

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// Every command closes what it opened; this only guards against a stray
// handle (a socket some library keeps) holding the finished command open.
setTimeout(() => process.exit(code), 2_000).unref();
