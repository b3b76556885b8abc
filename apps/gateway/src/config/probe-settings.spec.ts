import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { ConfigError } from "../config-error.ts";

describe("the HTTP probes' settings (server.probesPort, server.probesHost)", () => {
  it("are off by default", () => {
    expect(loadConfig([], {}).httpProbes).toBeUndefined();
  });

  it("listen on 127.0.0.1 unless told otherwise; port 0 picks a free one", () => {
    expect(loadConfig(["--probes-port", "0"], {}).httpProbes).toEqual({ host: "127.0.0.1", port: 0 });
    expect(
      loadConfig([], { ONCEPORT_PROBES_PORT: "8080", ONCEPORT_PROBES_HOST: "0.0.0.0" }).httpProbes,
    ).toEqual({ host: "0.0.0.0", port: 8080 });
  });

  it("are read from the config file's server section, flags winning", () => {
    const file = join(mkdtempSync(join(tmpdir(), "probes-config-")), "gateway.yaml");
    writeFileSync(file, "server:\n  probesPort: 8081\n  probesHost: 0.0.0.0\n");
    expect(loadConfig(["--config", file], {}).httpProbes).toEqual({ host: "0.0.0.0", port: 8081 });
    expect(loadConfig(["--config", file, "--probes-port=-1"], {}).httpProbes).toBeUndefined();
  });

  it("refuse a port that is none", () => {
    expect(() => loadConfig(["--probes-port", "65536"], {})).toThrow(ConfigError);
    expect(() => loadConfig(["--probes-port", "65536"], {})).toThrow(/server\.probesPort/);
    expect(() => loadConfig(["--probes-port=-2"], {})).toThrow(ConfigError);
  });
});
