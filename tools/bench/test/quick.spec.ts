import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchResults } from "../src/report/results.ts";

const main = join(import.meta.dirname, "..", "src", "main.ts");

/**
 * `npm run bench -- --quick` against the shared broker: proves the harness
 * works end to end (every case produces its figures). No timing assertions:
 * a CI machine's speed proves nothing about the gateway's.
 */
describe("npm run bench -- --quick", () => {
  let outDir: string;
  let exitCode: number | null;
  let stderr = "";
  let results: BenchResults;
  let markdown: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "onceport-bench-"));
    exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [main, "--quick", "--out-dir", outDir], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-20_000);
      });
      child.on("error", reject);
      child.on("close", resolve);
    });
    results = JSON.parse(await readFile(join(outDir, "benchmarks.json"), "utf8")) as BenchResults;
    markdown = await readFile(join(outDir, "benchmarks.md"), "utf8");
  }, 240_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  const positive = (value: number | undefined) => expect(value ?? Number.NaN).toBeGreaterThan(0);

  it("finishes with no failed case", () => {
    expect(results.failures, stderr).toEqual([]);
    expect(exitCode, stderr).toBe(0);
  });

  it("measures stream throughput for every variant", () => {
    const rows = (results.stream ?? []).flatMap((table) => table.rows);
    expect(rows.map((row) => row.variant)).toEqual([
      "kafkajs, 100 ms transactions",
      "Onceport stream, 1 record a publish",
      "Onceport stream, 100 records a publish",
      "Onceport stream via the TypeScript SDK, 100 records a publish",
      "Java ProducerPerformance, 100 ms transactions",
    ]);
    for (const row of rows) {
      positive(row.recordsPerSec.median);
      positive(row.mbPerSec.median);
      if (!row.baseline) positive(row.ratio?.median);
    }
    for (const row of rows.filter((r) => r.variant.startsWith("Onceport"))) {
      positive(row.cpuUsPerRecord.client?.median);
      positive(row.cpuUsPerRecord.gateway?.median);
    }
  });

  it("measures unary latency with every driver, ghz among them", () => {
    const tables = results.latency ?? [];
    expect(tables.length).toBeGreaterThan(0);
    for (const row of tables.flatMap((table) => table.rows)) {
      positive(row.samples);
      positive(row.p50.median);
      positive(row.p99.median);
      positive(row.p999.median);
      positive(row.publishesPerSec.median);
    }
    expect(tables[0]?.rows.map((row) => row.variant)).toEqual([
      "kafkajs transaction (direct)",
      "Onceport, Node raw gRPC client",
      "Onceport, ghz (Go)",
      "Onceport, TypeScript SDK",
    ]);
  });

  it("measures the price of exactly-once and of receipts", () => {
    const rows = [
      ...(results.exactlyOnce ?? []).flatMap((table) => table.rows),
      ...(results.receipts?.rows ?? []),
    ];
    expect(rows.length).toBe(5);
    for (const row of rows) positive(row.recordsPerSec.median);
  });

  it("opens sessions and watches the gateway's memory and sockets", () => {
    const sessions = results.sessions;
    positive(sessions?.baselineRssMiB.median);
    for (const row of sessions?.rows ?? []) {
      expect(row.opened.median).toBe(row.sessions);
      positive(row.openSeconds.median);
      positive(row.peakRssMiB.median);
      positive(row.p99Ms.median);
      positive(row.peakSockets.median);
    }
    expect(sessions?.rows.length).toBe(2);
  });

  it("profiles the gateway, compares one gateway with two, and says what it did not measure", () => {
    for (const profile of results.profiles ?? []) {
      positive(profile.summary.busyMs);
      expect(profile.summary.topFunctions.length).toBeGreaterThan(0);
    }
    expect(results.profiles?.length).toBe(1);
    for (const row of results.scaleOut?.rows ?? []) positive(row.recordsPerSec.median);
    const tracing = results.tracing;
    expect(tracing).toBeDefined();
    if (tracing && !("notMeasured" in tracing)) {
      for (const row of tracing.rows) positive(row.recordsPerSec.median);
    }
  });

  it("starts a gateway on a window of idempotency keys, opens sessions and retries an evicted key", () => {
    const [run] = results.idempotencyKeys ?? [];
    positive(run?.startSeconds);
    positive(run?.rssAfterStartMiB);
    positive(run?.rssAfterSessionsMiB);
    expect(run?.sessionOpen.map((open) => open.clientKeys)).toEqual([2, 10, 1_000, 15_000]);
    for (const open of run?.sessionOpen ?? []) positive(open.p99Ms);
    positive(run?.evictedDuplicate.p99Ms);
  });

  it("writes the doc with its targets", () => {
    expect(markdown).toContain("## Targets");
    expect(markdown).toContain("This is a --quick run");
    expect(markdown).not.toContain("## Failures");
  });
});
