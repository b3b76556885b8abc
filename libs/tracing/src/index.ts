export type { HeadersLike, MetadataLike } from "./carriers.ts";
export {
  contextFromTraceparent,
  extractFromHeaders,
  extractFromMetadata,
  injectIntoHeaders,
  injectIntoMetadata,
  traceparentOf,
} from "./propagation.ts";
export {
  shutdownTelemetry,
  startTelemetry,
  type TelemetryOptions,
  telemetryRunning,
} from "./start-telemetry.ts";
export { applyTelemetryDefaults } from "./telemetry-defaults.ts";
export { telemetryEnabled } from "./telemetry-enabled.ts";
