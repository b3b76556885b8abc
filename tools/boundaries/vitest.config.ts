import { onceportTestConfig } from "@onceport/vitest-config";

// Reads source files only: no broker.
export default onceportTestConfig({ packageDir: import.meta.dirname });
