import { shutdownTelemetry, startTelemetry } from "@onceport/tracing";
import { instrumentationVersion } from "./gateway-tracer.ts";
import { startRuntimeMetrics, stopRuntimeMetrics } from "./runtime-metrics.ts";

/** The service name the gateway's spans and metrics carry, unless OTEL_SERVICE_NAME says otherwise. */
export const gatewayServiceName = "onceport-gateway";

/**
 * Starts OpenTelemetry for the gateway process when OTEL_* variables ask for
 * it (see @onceport/tracing). `register.ts` calls it first, through `node
 * --import`, before grpc-js and kafkajs load; `main.ts` calls it again,
 * which does nothing then, and starts it late otherwise: the gateway's spans
 * are its own (no module patching), so they are complete either way.
 */
export async function startGatewayTelemetry(): Promise<boolean> {
  const running = await startTelemetry({
    serviceName: gatewayServiceName,
    serviceVersion: instrumentationVersion,
  });
  // The process's own metrics (memory, event loop, GC), once the meter provider is registered.
  if (running) startRuntimeMetrics();
  return running;
}

/** Flushes the spans and metrics still buffered; the process is about to exit. */
export function stopGatewayTelemetry(): Promise<void> {
  stopRuntimeMetrics();
  return shutdownTelemetry();
}
