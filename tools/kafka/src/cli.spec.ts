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
  ])("exits 2 on a usage error: %j", async (args) => {
    const run = await runNodeScript(cli, args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage:/);
  });
});
