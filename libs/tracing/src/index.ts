export type { HeadersLike, MetadataLike } from "./carriers.ts";
export {
  contextFromTraceparent,
  extractFromHeaders,
  extractFromMetadata,
  injectIntoHeaders,
  injectIntoMetadata,
  traceparentOf,
} from "./propagation.ts";
export { shutdownTelemetry, startTelemetry, type TelemetryOptions } from "./start-telemetry.ts";
export { telemetryEnabled } from "./telemetry-enabled.ts";
