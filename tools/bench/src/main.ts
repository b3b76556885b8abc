// `npm run bench [-- --quick]`: Onceport against the direct Kafka clients, side
// by side on one broker, in one run; writes docs/benchmarks.md and .json.
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isUsageError, USAGE_EXIT_CODE, usageErrorText } from "@onceport/errors";
import { parseOptions, usage } from "./options.ts";
import { renderMarkdown } from "./report/markdown.ts";
import type { BenchResults } from "./report/results.ts";
import { runBench } from "./run-bench.ts";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..");

try {
  const options = parseOptions(process.argv.slice(2), resolve(repoRoot, "docs"));
  if (options === "help") {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (options.renderOnly) {
    const results = JSON.parse(
      await readFile(join(options.outDir, "benchmarks.json"), "utf8"),
    ) as BenchResults;
    await writeFile(join(options.outDir, "benchmarks.md"), renderMarkdown(results));
    process.exit(0);
  }
  const { failures } = await runBench(options);
  process.exit(failures.length === 0 ? 0 : 1);
} catch (error) {
  if (isUsageError(error)) {
    process.stderr.write(usageErrorText("bench", error, "npm run bench -- --help"));
    process.exit(USAGE_EXIT_CODE);
  }
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}
