import { onceportTestConfig } from "@onceport/vitest-config";

export default onceportTestConfig({ packageDir: import.meta.dirname, kafka: true });
