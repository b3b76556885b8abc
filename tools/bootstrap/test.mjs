// @ts-check
// `npm test`: type-checks and tests every package through Nx, then sums the vitest
// reports into one closing line ("N passed, N failed, N skipped").
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const reports = join(root, ".cache", "test-results");
rmSync(reports, { recursive: true, force: true });

const nx = spawnSync(
  "nx",
  ["run-many", "-t", "typecheck", "test", "--outputStyle=stream", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
/** @type {string[]} */
const failures = [];
for (const file of existsSync(reports) ? readdirSync(reports) : []) {
  /**
   * @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number,
   *   testResults?: { name: string, assertionResults?: { status: string, fullName: string, failureMessages?: string[] }[] }[] }}
   */
  const report = JSON.parse(readFileSync(join(reports, file), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const why = (test.failureMessages?.[0] ?? "")
        .split("\n")
        .filter((line) => !line.includes("node_modules"))
        .slice(0, 4)
        .join("\n    ");
      failures.push(`${relative(root, suite.name)} > ${test.fullName}\n    ${why}`);
    }
  }
}
// CI keeps only the end of the output: name each failed test just above the closing line.
if (failures.length > 0) process.stdout.write(`\nFailed tests:\n${failures.join("\n")}\n`);
const nxStatus = nx.status ?? 1;
if (nxStatus !== 0 && failed === 0) failed = 1; // a type error or a crashed runner is a failure too
process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = nxStatus === 0 && failed === 0 ? 0 : 1;
