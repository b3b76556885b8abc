import type { TestCounts } from "../test-report.ts";

/** One language's SDK: how to provision its dependencies and run its test suite. */
export interface LanguageSuite {
  /** The SDK's package directory name under libs/, also its report's name. */
  readonly name: string;
  readonly packageDir: string;
  /** Installs what the suite needs (idempotent, quick when done before, safe to run concurrently). */
  prepare(): Promise<void>;
  /** Runs the suite with the fixture's environment; resolves with the runner's exit status and counts. */
  run(env: NodeJS.ProcessEnv): Promise<{ status: number; counts: TestCounts }>;
}
