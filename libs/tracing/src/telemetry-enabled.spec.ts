import { describe, expect, it } from "vitest";
import { telemetryEnabled } from "./telemetry-enabled.ts";

describe("telemetryEnabled", () => {
  it("is off when nothing asks for an exporter", () => {
    expect(telemetryEnabled({})).toBe(false);
    expect(telemetryEnabled({ OTEL_TRACES_EXPORTER: "none" })).toBe(false);
  });

  it("is on when an OTLP endpoint or an exporter is named", () => {
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
    expect(telemetryEnabled({ OTEL_METRICS_EXPORTER: "prometheus" })).toBe(true);
  });

  it("is off when OTEL_SDK_DISABLED says so, whatever else is set", () => {
    expect(telemetryEnabled({ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://x" })).toBe(
      false,
    );
  });
});
