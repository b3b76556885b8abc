#!/usr/bin/env node
// Usage: node tools/gateway-fixture/src/main.ts <python|go|java>
// Runs that SDK's tests against the local broker and a gateway process of their own; the
// test script of libs/sdk-<language>/package.json.
import { go } from "./languages/go.ts";
import { java } from "./languages/java.ts";
import type { LanguageSuite } from "./languages/language.ts";
import { python } from "./languages/python.ts";
import { runSuite } from "./run-suite.ts";

const suites: Record<string, LanguageSuite> = { python, go, java };
const suite = suites[process.argv[2] ?? ""];
if (!suite) {
  process.stderr.write(`usage: main.ts <${Object.keys(suites).join("|")}>\n`);
  process.exit(2);
}
process.exitCode = await runSuite(suite);
