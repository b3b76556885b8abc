import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureLocalBroker } from "@onceport/kafka-dev";
import { BenchContext } from "./bench-context.ts";
import { cpuProfileCase } from "./cases/cpu-profile-case.ts";
import { exactlyOncePrice, receiptsPrice } from "./cases/exactly-once-price.ts";
import { idempotencyKeysCase } from "./cases/idempotency-keys.ts";
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
    await attempt("idempotency-keys", async () => {
      results.idempotencyKeys = await idempotencyKeysCase(ctx);
    });
  } finally {
    await ctx.cleanUp();
    await lease.release();
  }
  const loadStats = load.stop();
  results.load = { before: environment.loadBefore, ...loadStats };
  results.durationSeconds = (Date.now() - started) / 1000;
  const written = options.merge ? await mergeInto(options, results) : results;
  await mkdir(options.outDir, { recursive: true });
  await writeFile(join(options.outDir, "benchmarks.json"), `${JSON.stringify(written, null, 2)}\n`);
  await writeFile(join(options.outDir, "benchmarks.md"), renderMarkdown(written));
  ctx.log(`wrote ${join(options.outDir, "benchmarks.md")} in ${results.durationSeconds.toFixed(0)} s`);
  return results;
}

/** The fields of BenchResults each case fills. */
const caseFields: Record<string, (keyof BenchResults)[]> = {
  stream: ["stream"],
  latency: ["latency"],
  "exactly-once": ["exactlyOnce", "receipts"],
  sessions: ["sessions"],
  tracing: ["tracing"],
  profile: ["profiles"],
  "scale-out": ["scaleOut"],
  "idempotency-keys": ["idempotencyKeys"],
};

/** The earlier run's results with this run's cases in place of its own, and a note of when. */
async function mergeInto(options: BenchOptions, fresh: BenchResults): Promise<BenchResults> {
  const earlier = JSON.parse(await readFile(join(options.outDir, "benchmarks.json"), "utf8")) as BenchResults;
  const merged: Record<string, unknown> = { ...earlier };
  for (const name of options.cases) {
    for (const field of caseFields[name] ?? []) merged[field] = fresh[field];
  }
  return {
    ...(merged as unknown as BenchResults),
    failures: [
      ...earlier.failures.filter((failure) => !options.cases.includes(failure.case)),
      ...fresh.failures,
    ],
    merged: [
      ...(earlier.merged ?? []),
      {
        cases: [...options.cases],
        date: fresh.environment.date,
        source: fresh.environment.source,
        load: { mean: fresh.load?.mean ?? Number.NaN, max: fresh.load?.max ?? Number.NaN },
      },
    ],
  };
}
