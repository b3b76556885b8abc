import { telemetryEnabled } from "./telemetry-enabled.ts";

export interface TelemetryOptions {
  /** The service name, unless OTEL_SERVICE_NAME says otherwise. */
  readonly serviceName: string;
  readonly serviceVersion?: string;
}

let running: { shutdown(): Promise<void> } | undefined;

/**
 * Starts OpenTelemetry's NodeSDK, configured by the standard OTEL_* variables
 * (OTLP http/protobuf by default; OTEL_METRICS_EXPORTER=prometheus for a
 * /metrics endpoint), when they ask for it. Call it before grpc-js and kafkajs
 * are loaded (`node --import @onceport/tracing/register`). Returns whether it started.
 */
export async function startTelemetry(options: TelemetryOptions, env = process.env): Promise<boolean> {
  if (running || !telemetryEnabled(env)) return running !== undefined;
  env.OTEL_SERVICE_NAME ??= options.serviceName;
  if (options.serviceVersion !== undefined) {
    const versionAttribute = `service.version=${options.serviceVersion}`;
    env.OTEL_RESOURCE_ATTRIBUTES = env.OTEL_RESOURCE_ATTRIBUTES
      ? `${env.OTEL_RESOURCE_ATTRIBUTES},${versionAttribute}`
      : versionAttribute;
  }
  // Loaded only when wanted: the SDK and its exporters are heavy.
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK();
  sdk.start();
  running = sdk;
  return true;
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
