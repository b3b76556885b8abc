// `npm run faults [-- --quick]`: runs the fault matrix and writes docs/fault-report.md.
// Exit codes: 0 every scenario passed, 1 one failed, 2 could not run (bad arguments).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { isUsageError, USAGE_EXIT_CODE, usageErrorText } from "@onceport/errors";
import { parseOptions, REPO_ROOT, type RunOptions, usage } from "./options.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { preface } from "./report/preface.ts";
import { runMatrix } from "./run-matrix.ts";

function tellUsageError(error: unknown): never {
  if (!isUsageError(error)) throw error;
  process.stderr.write(usageErrorText("faults", error, "npm run faults -- --help"));
  process.exit(USAGE_EXIT_CODE);
}

let options: RunOptions;
try {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === "help") {
    process.stdout.write(usage);
    process.exit(0);
  }
  options = parsed;
} catch (error) {
  tellUsageError(error);
}

const log = (line: string) =>
  process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const command = `npm run faults${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
log(`${options.mode} run; work directory ${relative(REPO_ROOT, options.workDir) || "."}`);
try {
  const run = await runMatrix(options, command, log);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, renderMarkdown(run, preface));
  if (options.json) {
    await mkdir(dirname(options.json), { recursive: true });
    await writeFile(options.json, `${JSON.stringify(run, null, 2)}\n`);
  }
  for (const result of run.scenarios) {
    process.stdout.write(
      `${result.verdict}  ${result.name.padEnd(16)} ${String(result.records.planned).padStart(7)} records, ` +
        `${result.faults.length} faults, ${(result.durationMs / 1000).toFixed(0)} s` +
        `${result.reasons.length > 0 ? `: ${result.reasons.join("; ")}` : ""}\n`,
    );
  }
  process.stdout.write(`\nFaults: ${run.verdict} (${relative(REPO_ROOT, options.out)})\n`);
  process.exitCode = run.verdict === "PASS" ? 0 : 1;
  // Everything was stopped: whatever is left would only keep the process from exiting.
  const left = process.getActiveResourcesInfo().filter((name) => name !== "TTYWrap");
  if (left.length > 0) {
    log(`left open at the end: ${left.join(", ")}`);
    process.exit();
  }
} catch (error) {
  tellUsageError(error);
}
