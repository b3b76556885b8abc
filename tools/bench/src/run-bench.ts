import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureLocalBroker } from "@onceport/kafka-dev";
import { BenchContext } from "./bench-context.ts";
import { cpuProfileCase } from "./cases/cpu-profile-case.ts";
import { exactlyOncePrice, receiptsPrice } from "./cases/exactly-once-price.ts";
import { scaleOut } from "./cases/scale-out.ts";
import { sessionsCase } from "./cases/sessions-case.ts";
import { streamThroughput } from "./cases/stream-throughput.ts";
import { tracingCase } from "./cases/tracing-case.ts";
import { unaryLatency } from "./cases/unary-latency.ts";
import { type BenchOptions, wantsCase } from "./options.ts";
import { describeEnvironment, LoadSampler } from "./report/environment.ts";
import { renderMarkdown } from "./report/markdown.ts";
import type { BenchResults } from "./report/results.ts";

/**
 * Runs the cases one after another on the local broker (started here, or the
 * one already running), writes benchmarks.md and benchmarks.json, and returns
 * the results. A case that fails is reported as failed; the others still run.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const started = Date.now();
  const environment = await describeEnvironment();
  const load = new LoadSampler();
  const results: BenchResults = {
    environment,
    settings: {
      quick: options.quick,
      runs: options.runs,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
    },
    failures: [],
  };
  const lease = await ensureLocalBroker();
  const ctx = new BenchContext(options, lease.brokers, lease.broker.pid);
  ctx.log(`broker ${lease.broker.address} ${lease.startedHere ? "started" : "reused"}; run ${ctx.runId}`);
  const attempt = async (name: Parameters<typeof wantsCase>[1], work: () => Promise<void>): Promise<void> => {
    if (!wantsCase(options, name)) return;
    const caseStarted = Date.now();
    try {
      await work();
    } catch (error) {
      ctx.log(`case ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      results.failures.push({ case: name, error: error instanceof Error ? error.message : String(error) });
    } finally {
      await ctx.cleanUp();
      ctx.log(`case ${name}: ${((Date.now() - caseStarted) / 1000).toFixed(0)} s`);
    }
  };
  try {
    await attempt("stream", async () => {
      results.stream = await streamThroughput(ctx);
    });
    await attempt("latency", async () => {
      results.latency = await unaryLatency(ctx);
    });
    await attempt("exactly-once", async () => {
      results.exactlyOnce = await exactlyOncePrice(ctx);
      results.receipts = await receiptsPrice(ctx);
    });
    await attempt("sessions", async () => {
      results.sessions = await sessionsCase(ctx);
    });
    await attempt("tracing", async () => {
      results.tracing = await tracingCase(ctx);
    });
    await attempt("profile", async () => {
      results.profiles = await cpuProfileCase(ctx);
    });
    await attempt("scale-out", async () => {
      results.scaleOut = await scaleOut(ctx);
    });
  } finally {
    await ctx.cleanUp();
    await lease.release();
  }
  const loadStats = load.stop();
  results.load = { before: environment.loadBefore, ...loadStats };
  results.durationSeconds = (Date.now() - started) / 1000;
  await mkdir(options.outDir, { recursive: true });
  await writeFile(join(options.outDir, "benchmarks.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(options.outDir, "benchmarks.md"), renderMarkdown(results));
  ctx.log(`wrote ${join(options.outDir, "benchmarks.md")} in ${results.durationSeconds.toFixed(0)} s`);
  return results;
}
