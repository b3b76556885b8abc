import { rm } from "node:fs/promises";
import { KAFKA_VERSION } from "@onceport/kafka-dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarios } from "../src/scenarios/catalog.ts";
import { type CliRun, runFaultsCli } from "./run-cli.ts";

/**
 * `npm run faults -- --quick`, as CI runs it: every scenario with real gateways, clients,
 * the local broker and the 3-broker cluster, each judged by the audit. A few minutes; the
 * cluster part waits while another package's cluster test holds the cluster.
 */
describe("npm run faults -- --quick", () => {
  let run: CliRun;

  beforeAll(async () => {
    run = await runFaultsCli(["--quick"]);
  }, 1_500_000);

  afterAll(async () => {
    // Kept when something failed: the ledgers, gateway logs and audit reports say why.
    if (run?.results.verdict === "PASS") await rm(run.dir, { recursive: true, force: true });
  });

  it.each(scenarios.map((scenario) => scenario.name))("%s: the audit and liveness pass", (name) => {
    const result = run.results.scenarios.find((candidate) => candidate.name === name);
    expect(result, run.log).toBeDefined();
    expect(result?.reasons, `${run.log}\nwork dir: ${run.dir}`).toEqual([]);
    expect(result?.verdict).toBe("PASS");
    expect(result?.audit?.verdict).toBe("PASS");
    // Every scenario really injected its faults, and its load wrote and read back everything.
    expect(result?.faults.length).toBeGreaterThan(0);
    expect(result?.records.read).toBe(result?.records.planned);
  });

  it("exits 0 and writes the report, a table per scenario", () => {
    expect(run.exitCode, run.log).toBe(0);
    expect(run.markdown).toContain("Overall verdict: **PASS**");
    // The version the run selected (ONCEPORT_KAFKA_VERSION, 4.4.0 by default).
    expect(run.markdown).toContain(`Apache Kafka ${KAFKA_VERSION} `);
    for (const scenario of scenarios) expect(run.markdown).toContain(`## ${scenario.title}: PASS`);
  });

  it("kills a gateway between a commit and its answer, and the retry through the other gateway writes nothing twice", () => {
    const result = run.results.scenarios.find((candidate) => candidate.name === "gateway-kill");
    expect(result?.faults[0]?.what).toMatch(/between a commit and its answer/);
    expect(result?.figures["publishes answered duplicate (a retry found its key committed)"]).toBeGreaterThan(
      0,
    );
    expect(result?.audit?.checks.duplicates.count).toBe(0);
  });
});
