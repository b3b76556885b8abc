import { applyTelemetryDefaults } from "./telemetry-defaults.ts";
import { telemetryEnabled } from "./telemetry-enabled.ts";

export interface TelemetryOptions {
  /** The service name, unless OTEL_SERVICE_NAME says otherwise. */
  readonly serviceName: string;
  readonly serviceVersion?: string;
}

let running: { shutdown(): Promise<void> } | undefined;

/**
 * Starts OpenTelemetry's NodeSDK, configured by the standard OTEL_* variables
 * (traces over OTLP http/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT;
 * OTEL_METRICS_EXPORTER=prometheus for the /metrics endpoint on
 * 127.0.0.1:9464), when they ask for it; see `applyTelemetryDefaults` for
 * what Onceport defaults differently. Call it before grpc-js and kafkajs are
 * loaded (`node --import @onceport/tracing/register`). Returns whether
 * telemetry runs; calling it again does nothing.
 */
export async function startTelemetry(options: TelemetryOptions, env = process.env): Promise<boolean> {
  if (running || !telemetryEnabled(env)) return running !== undefined;
  env.OTEL_SERVICE_NAME ??= options.serviceName;
  applyTelemetryDefaults(env);
  if (options.serviceVersion !== undefined) {
    const versionAttribute = `service.version=${options.serviceVersion}`;
    env.OTEL_RESOURCE_ATTRIBUTES = env.OTEL_RESOURCE_ATTRIBUTES
      ? `${env.OTEL_RESOURCE_ATTRIBUTES},${versionAttribute}`
      : versionAttribute;
  }
  try {
    // Loaded only when wanted: the SDK and its exporters are heavy.
    const { NodeSDK } = await import("@opentelemetry/sdk-node");
    const sdk = new NodeSDK();
    sdk.start();
    running = sdk;
    return true;
  } catch (error) {
    // Telemetry never keeps the application from running.
    process.stderr.write(`OpenTelemetry did not start: ${error instanceof Error ? error.message : error}\n`);
    return false;
  }
}

/** True once `startTelemetry` started the SDK (and until `shutdownTelemetry`). */
export function telemetryRunning(): boolean {
  return running !== undefined;
}

/** Flushes and stops telemetry, if it was started: call before the process exits. */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = running;
  running = undefined;
  try {
    await sdk?.shutdown();
  } catch {
    // Telemetry never breaks the application's work, not even its exit.
  }
}
