import { startFixtureEnvironment } from "./environment.ts";
import type { LanguageSuite } from "./languages/language.ts";
import { noTests, writeTestReport } from "./test-report.ts";

/**
 * Provisions the language, starts the environment, runs the suite, stops everything and
 * writes the report. Resolves with the exit status to end with (the runner's own).
 */
export async function runSuite(suite: LanguageSuite): Promise<number> {
  const started = Date.now();
  let counts = noTests();
  let status = 1;
  try {
    await suite.prepare();
    const environment = await startFixtureEnvironment(suite.name);
    try {
      ({ status, counts } = await suite.run({ ...process.env, ...environment.env }));
    } finally {
      await environment.close();
    }
  } catch (error) {
    process.stderr.write(
      `[fixture] ${suite.name}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    status = 1;
  }
  // A runner that failed without a failing test (a compile error, a crash) still fails the run.
  if (status !== 0 && counts.numFailedTests === 0) counts.numFailedTests = 1;
  writeTestReport(suite.name, counts);
  process.stdout.write(
    `\n${suite.name}: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ` +
      `${counts.numPendingTests} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return status;
}
