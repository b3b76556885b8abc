// Turns a language runner's own result into the report every package writes for npm test's
// closing line (the fields vitest's JSON reporter has, which tools/bootstrap/test.mjs sums).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_RESULTS_DIR } from "./paths.ts";

export interface TestCounts {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

export const noTests = (): TestCounts => ({
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
});

/** JUnit XML as pytest (--junitxml) and Maven Surefire write it: one <testcase> per test. */
export function countJunitXml(xml: string): TestCounts {
  const counts = noTests();
  for (const match of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[1] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.numFailedTests++;
    else if (/<skipped\b/.test(body)) counts.numPendingTests++;
    else counts.numPassedTests++;
  }
  return counts;
}

/** `go test -json` output: one pass, fail or skip event per test (subtests included). */
export function countGoTestJson(lines: string): TestCounts {
  const counts = noTests();
  for (const line of lines.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: { Action?: string; Test?: string };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue;
    }
    if (!event.Test) continue;
    if (event.Action === "pass") counts.numPassedTests++;
    else if (event.Action === "fail") counts.numFailedTests++;
    else if (event.Action === "skip") counts.numPendingTests++;
  }
  return counts;
}

export function addCounts(a: TestCounts, b: TestCounts): TestCounts {
  return {
    numPassedTests: a.numPassedTests + b.numPassedTests,
    numFailedTests: a.numFailedTests + b.numFailedTests,
    numPendingTests: a.numPendingTests + b.numPendingTests,
    numTodoTests: a.numTodoTests + b.numTodoTests,
  };
}

/** Writes `.cache/test-results/<name>.json`; `name` is the package's directory name. */
export function writeTestReport(name: string, counts: TestCounts): string {
  mkdirSync(TEST_RESULTS_DIR, { recursive: true });
  const file = join(TEST_RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...counts, success: counts.numFailedTests === 0 }, null, 2)}\n`);
  return file;
}
