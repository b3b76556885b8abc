import { onceportTestConfig } from "@onceport/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// The image is built once, in the suite's beforeAll (the gateway's build, then buildah: a
// minute or two); the local broker is the one every Kafka suite uses.
export default mergeConfig(
  onceportTestConfig({ packageDir: import.meta.dirname, kafka: true }),
  defineConfig({ test: { testTimeout: 120_000, hookTimeout: 600_000 } }),
);
