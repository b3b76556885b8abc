// The CLI's contract without a broker: help, usage errors and their exit codes.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runNodeScript } from "./run-node.ts";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));

describe("kafka CLI", () => {
  it("prints help with exit 0", async () => {
    const run = await runNodeScript(cli, ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: npm run kafka -- <command>/);
    expect(run.stdout).toMatch(/--kafka V {5}the Kafka version to start, 4\.4\.0 or 3\.9\.1/);
  });

  it("exits 2 on an unsupported ONCEPORT_KAFKA_VERSION", async () => {
    const before = process.env.ONCEPORT_KAFKA_VERSION;
    process.env.ONCEPORT_KAFKA_VERSION = "2.8.0";
    try {
      const run = await runNodeScript(cli, ["status"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/ONCEPORT_KAFKA_VERSION "2\.8\.0" is not a Kafka version tools\/kafka runs/);
    } finally {
      if (before === undefined) delete process.env.ONCEPORT_KAFKA_VERSION;
      else process.env.ONCEPORT_KAFKA_VERSION = before;
    }
  });

  it.each([
    [[]],
    [["bogus"]],
    [["start", "--cluster", "5"]],
    [["start", "--node", "2"]],
    [["kill", "--cluster", "3"]],
    [["stop", "--cluster", "3", "--node", "4"]],
    [["logs", "--lines", "0"]],
    [["start", "--no-such-option"]],
    [["start", "--kafka", "4.0.0"]],
    [["start", "--kafka"]],
  ])("exits 2 on a usage error: %j", async (args) => {
    const run = await runNodeScript(cli, args);
    expect(run.code).toBe(2);
    // One usage error for every command line (libs/errors): what was wrong, then where help is.
    expect(run.stderr).toMatch(/^kafka: .+\nRun `npm run kafka -- --help` for usage\.\n$/);
  });
});
