import { describe, expect, it } from "vitest";
import { applyTelemetryDefaults } from "./telemetry-defaults.ts";

describe("applyTelemetryDefaults", () => {
  it("exports traces only to a named endpoint, metrics only when asked, Prometheus on loopback", () => {
    const env: NodeJS.ProcessEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" };
    applyTelemetryDefaults(env);
    expect(env).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_EXPORTER_PROMETHEUS_HOST: "127.0.0.1",
      OTEL_LOGS_EXPORTER: "none",
    });
  });

  it("makes no spans when only metrics are asked for", () => {
    const env: NodeJS.ProcessEnv = { OTEL_METRICS_EXPORTER: "prometheus" };
    applyTelemetryDefaults(env);
    expect(env.OTEL_TRACES_EXPORTER).toBe("none");
    expect(env.OTEL_METRICS_EXPORTER).toBe("prometheus");
  });

  it("leaves what the user set alone", () => {
    const env: NodeJS.ProcessEnv = {
      OTEL_TRACES_EXPORTER: "console",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_EXPORTER_PROMETHEUS_HOST: "0.0.0.0",
      OTEL_LOGS_EXPORTER: "otlp",
    };
    const before = { ...env };
    applyTelemetryDefaults(env);
    expect(env).toEqual(before);
  });
});
