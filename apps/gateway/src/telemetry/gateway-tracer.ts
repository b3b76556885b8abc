import { type Tracer, trace } from "@opentelemetry/api";
import gatewayPackage from "../../package.json" with { type: "json" };

/** The instrumentation scope of the gateway's spans and metrics. */
export const instrumentationName = "@onceport/gateway";
export const instrumentationVersion = gatewayPackage.version;

/**
 * The gateway's tracer when an OpenTelemetry SDK is registered, else
 * undefined: callers then skip their per-record work, so a gateway without
 * telemetry allocates nothing for it. (The API's own no-op tracer would still
 * allocate a span object per record.) Asked on each use, not cached, so that a
 * provider registered later, or replaced (tests), is the one used.
 */
export function activeTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider() as ReturnType<typeof trace.getTracerProvider> & {
    getDelegateTracer?: (name: string, version?: string) => Tracer | undefined;
  };
  return provider.getDelegateTracer
    ? provider.getDelegateTracer(instrumentationName, instrumentationVersion)
    : provider.getTracer(instrumentationName, instrumentationVersion);
}
