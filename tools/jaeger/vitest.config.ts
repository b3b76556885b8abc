import { onceportTestConfig } from "@onceport/vitest-config";

// No Kafka here; the first run builds Jaeger (minutes), hence the long hook timeout in the test.
export default onceportTestConfig({ packageDir: import.meta.dirname });
