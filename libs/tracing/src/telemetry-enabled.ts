/**
 * Telemetry is on only when the environment asks for an exporter, so a
 * process that sets nothing loads no SDK and pays nothing. The variables are
 * OpenTelemetry's own (OTEL_SDK_DISABLED, OTEL_EXPORTER_OTLP_ENDPOINT, ...).
 */
export function telemetryEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === "true") return false;
  const asked = (value: string | undefined) => value !== undefined && value !== "" && value !== "none";
  return (
    asked(env.OTEL_EXPORTER_OTLP_ENDPOINT) ||
    asked(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ||
    asked(env.OTEL_TRACES_EXPORTER) ||
    asked(env.OTEL_METRICS_EXPORTER)
  );
}
