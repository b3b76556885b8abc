import { onceportTestConfig } from "@onceport/vitest-config";

// The real broker for both suites; the end-to-end suite also starts (or reuses) Jaeger itself.
export default onceportTestConfig({ packageDir: import.meta.dirname, kafka: true });
