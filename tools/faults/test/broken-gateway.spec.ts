import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runFaultsCli } from "./run-cli.ts";

/**
 * The suite must be able to fail: gateways started with the test-only
 * --test-disable-receipts (idempotency keys live in one process only) lose a client's
 * retry across gateways, and the gateway-kill scenario's first crash, placed between a
 * commit and its answer, makes that retry write the publish a second time.
 */
describe("a deliberately broken gateway (receipts disabled)", () => {
  let run: CliRun;

  beforeAll(async () => {
    run = await runFaultsCli(["--quick", "--scenarios", "gateway-kill", "--break-receipts"]);
  }, 600_000);

  afterAll(async () => {
    await rm(run?.dir ?? "", { recursive: true, force: true });
  });

  it("makes the suite fail, on the duplicates the audit reads back", () => {
    expect(run.exitCode, run.log).toBe(1);
    expect(run.results.verdict).toBe("FAIL");
    const [result] = run.results.scenarios;
    expect(result?.faults[0]?.what).toMatch(/between a commit and its answer/);
    expect(result?.audit?.verdict).toBe("FAIL");
    expect(result?.audit?.checks.duplicates.count, run.log).toBeGreaterThan(0);
    expect(result?.reasons.join("\n")).toMatch(/audit FAIL: duplicates \d+/);
    expect(run.markdown).toContain("## Gateway SIGKILL, clients fail over: FAIL");
  });
});
