/**
 * Onceport's defaults for the OTEL_* variables the user left unset, applied
 * before the NodeSDK reads them:
 *
 * - Traces go over OTLP only when an endpoint is named: a process asked only
 *   for metrics (OTEL_METRICS_EXPORTER=prometheus) makes no spans at all,
 *   instead of exporting them to a collector that is not there.
 * - Metrics are exported only when OTEL_METRICS_EXPORTER asks: the NodeSDK's
 *   default would push OTLP metrics to the traces endpoint, and Jaeger takes
 *   none. The product's metrics are the Prometheus endpoint.
 * - The Prometheus endpoint listens on 127.0.0.1 (the exporter's own default,
 *   "localhost", may be ::1), port 9464 unless OTEL_EXPORTER_PROMETHEUS_PORT.
 * - No OpenTelemetry logs: Onceport logs JSON lines on stdout.
 */
export function applyTelemetryDefaults(env: NodeJS.ProcessEnv): void {
  const unset = (name: string) => env[name] === undefined || env[name] === "";
  if (
    unset("OTEL_TRACES_EXPORTER") &&
    unset("OTEL_EXPORTER_OTLP_ENDPOINT") &&
    unset("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
  ) {
    env.OTEL_TRACES_EXPORTER = "none";
  }
  if (unset("OTEL_METRICS_EXPORTER")) env.OTEL_METRICS_EXPORTER = "none";
  if (unset("OTEL_EXPORTER_PROMETHEUS_HOST")) env.OTEL_EXPORTER_PROMETHEUS_HOST = "127.0.0.1";
  if (unset("OTEL_LOGS_EXPORTER")) env.OTEL_LOGS_EXPORTER = "none";
}
