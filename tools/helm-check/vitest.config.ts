import { onceportTestConfig } from "@onceport/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// helm and kube-check are built once, before any test file (minutes on a clean machine,
// nothing once cached); each render then takes well under a second, and the ceilings
// below are only for a machine that other runs load.
export default mergeConfig(
  onceportTestConfig({ packageDir: import.meta.dirname }),
  defineConfig({
    test: { globalSetup: ["src/global-setup.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
  }),
);
