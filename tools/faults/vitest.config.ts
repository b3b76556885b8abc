import { onceportTestConfig } from "@onceport/vitest-config";
import { mergeConfig } from "vitest/config";

export default mergeConfig(onceportTestConfig({ packageDir: import.meta.dirname, kafka: true }), {
  test: {
    // One file at a time: each quick run starts gateways, clients and maybe the cluster; side
    // by side on a 2-core machine they would only slow each other into timeouts.
    fileParallelism: false,
  },
});
