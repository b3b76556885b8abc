import { basename, join, resolve } from "node:path";
import { defineConfig, type ViteUserConfig } from "vitest/config";

const workspaceRoot = resolve(import.meta.dirname, "..", "..");

export interface OnceportTestOptions {
  /** The package directory (pass `import.meta.dirname`). */
  readonly packageDir: string;
  /** Starts, or reuses, the local Kafka broker before the tests and stops it after if it started it. */
  readonly kafka?: boolean;
}

/**
 * One shape for every package: integration tests get the real broker, and each run
 * also writes a JSON report that `npm test` sums into one closing line.
 */
export function onceportTestConfig(options: OnceportTestOptions): ViteUserConfig {
  const report = join(workspaceRoot, ".cache", "test-results", `${basename(options.packageDir)}.json`);
  return defineConfig({
    test: {
      include: ["src/**/*.spec.ts", "test/**/*.spec.ts"],
      reporters: ["default", ["json", { outputFile: report }]],
      globalSetup: options.kafka ? [join(workspaceRoot, "tools/kafka/src/vitest-global-setup.ts")] : [],
      testTimeout: options.kafka ? 120_000 : 10_000,
      hookTimeout: options.kafka ? 180_000 : 10_000,
    },
  });
}
