#!/usr/bin/env node
// The onceport-audit command. Node >= 24 runs the TypeScript source directly (type stripping).
import { main } from "../src/main.ts";

process.exitCode = await main(process.argv.slice(2));
