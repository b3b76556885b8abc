import { onceportTestConfig } from "@onceport/vitest-config";
import { mergeConfig } from "vitest/config";

export default mergeConfig(onceportTestConfig({ packageDir: import.meta.dirname, kafka: true }), {
  test: {
    // One file at a time: the cluster test runs three more JVMs, and on a 2-core machine
    // files running side by side would make fail-over timings (and so the test) flaky.
    fileParallelism: false,
  },
});
