// @ts-check
// `npm test`: type-checks and tests every package through Nx, then sums the vitest
// reports into one closing line ("N passed, N failed, N skipped"), with the failed
// tests named just above it. `npm test -- <nx options>` (say `-p @onceport/errors`)
// runs what the options select, in one Nx run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const reports = join(root, ".cache", "test-results");
rmSync(reports, { recursive: true, force: true });

/**
 * Suites that measure the machine or fault it (the fault suite's liveness bounds, the
 * benchmark's quick figures) run after the others, one at a time: under Nx's parallel
 * runs on a small machine they would judge the load of their neighbours.
 */
const alone = [
  { name: "@onceport/faults", dir: "tools/faults" },
  { name: "@onceport/bench", dir: "tools/bench" },
]
  .filter(({ dir }) => existsSync(join(root, dir, "package.json")))
  .map(({ name }) => name);

/** @param {string[]} args */
function runMany(args) {
  const run = spawnSync("nx", ["run-many", "-t", "typecheck", "test", "--outputStyle=stream", ...args], {
    cwd: root,
    stdio: "inherit",
  });
  return run.status ?? 1;
}

const extra = process.argv.slice(2);
const statuses =
  extra.length > 0 || alone.length === 0
    ? [runMany(extra)]
    : [runMany([`--exclude=${alone.join(",")}`]), runMany(["--projects", alone.join(","), "--parallel=1"])];
const nxStatus = statuses.find((status) => status !== 0) ?? 0;

let passed = 0;
let failed = 0;
let skipped = 0;
/** @type {string[]} */
const failures = [];
for (const reportFile of existsSync(reports) ? readdirSync(reports) : []) {
  /**
   * @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number,
   *   testResults?: { name: string, status: string, assertionResults?: { status: string, fullName: string, failureMessages?: string[] }[] }[] }}
   */
  const report = JSON.parse(readFileSync(join(reports, reportFile), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults ?? []) {
    const file = relative(root, suite.name);
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === "failed");
    if (suite.status === "failed" && failedTests.length === 0) {
      // A failed beforeAll (or a file that did not load) fails no test: vitest marks its
      // tests skipped. It is a failure all the same.
      failed += 1;
      failures.push(`${file}: a hook or the file itself failed, its tests did not run (see above)`);
    }
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const why = (test.failureMessages?.[0] ?? "")
        .split("\n")
        .filter((line) => !line.includes("node_modules"))
        .slice(0, 4)
        .join("\n    ");
      failures.push(`${file} > ${test.fullName}\n    ${why}`);
    }
  }
}
// CI keeps only the end of the output: name each failed test just above the closing line.
if (failures.length > 0) process.stdout.write(`\nFailed tests:\n${failures.join("\n")}\n`);
if (nxStatus !== 0 && failed === 0) failed = 1; // a type error or a crashed runner is a failure too
process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = nxStatus === 0 && failed === 0 ? 0 : 1;
