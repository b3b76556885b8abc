import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { type BatchObservableResult, metrics } from "@opentelemetry/api";
import { instrumentationName, instrumentationVersion } from "./gateway-tracer.ts";

/** GC pauses are well under a millisecond to a few hundred. */
const gcBuckets = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** Node's `PerformanceEntry.detail.kind` of a GC entry (perf_hooks.constants.NODE_PERFORMANCE_GC_*). */
const gcKinds: Readonly<Record<number, string>> = {
  1: "major",
  2: "minor",
  4: "incremental",
  8: "weakcb",
};

let started: { stop(): void } | undefined;

/**
 * The process's and Node's own metrics, on the meter provider registered now:
 * CPU time, resident and heap memory, event loop delay (over each collection
 * interval: the delay histogram is reset after each read) and GC pauses. No
 * runtime instrumentation package is installed, so these are read from Node
 * directly. Once per process; telemetry's start calls it.
 */
export function startRuntimeMetrics(): void {
  if (started) return;
  try {
    const meter = metrics.getMeterProvider().getMeter(instrumentationName, instrumentationVersion);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpu = meter.createObservableCounter("process.cpu.seconds", {
      description: "CPU time of the process, user and system",
      unit: "s",
    });
    const memory = meter.createObservableGauge("process.memory.bytes", {
      description: "Memory of the process: rss (resident), heap_total, heap_used, external, array_buffers",
      unit: "By",
    });
    const delay = meter.createObservableGauge("nodejs.eventloop.delay.seconds", {
      description: "Event loop delay since the previous collection, by quantile (p50, p99, max)",
      unit: "s",
    });
    const observed = [cpu, memory, delay];
    const callback = (result: BatchObservableResult) => {
      const usage = process.cpuUsage();
      result.observe(cpu, usage.user / 1e6, { "cpu.mode": "user" });
      result.observe(cpu, usage.system / 1e6, { "cpu.mode": "system" });
      const now = process.memoryUsage();
      result.observe(memory, now.rss, { type: "rss" });
      result.observe(memory, now.heapTotal, { type: "heap_total" });
      result.observe(memory, now.heapUsed, { type: "heap_used" });
      result.observe(memory, now.external, { type: "external" });
      result.observe(memory, now.arrayBuffers, { type: "array_buffers" });
      // Before the first sample the histogram holds no value (NaN, or a huge min).
      const sampled = loopDelay.count > 0;
      result.observe(delay, sampled ? loopDelay.percentile(50) / 1e9 : 0, { quantile: "p50" });
      result.observe(delay, sampled ? loopDelay.percentile(99) / 1e9 : 0, { quantile: "p99" });
      result.observe(delay, sampled ? loopDelay.max / 1e9 : 0, { quantile: "max" });
      loopDelay.reset();
    };
    meter.addBatchObservableCallback(callback, observed);

    const gcDuration = meter.createHistogram("nodejs.gc.duration.seconds", {
      description: "Garbage collection pauses, by kind (major, minor, incremental, weakcb)",
      unit: "s",
      advice: { explicitBucketBoundaries: gcBuckets },
    });
    const gc = new PerformanceObserver((list) => {
      try {
        for (const entry of list.getEntries()) {
          const kind = (entry as { detail?: { kind?: number } | null }).detail?.kind;
          gcDuration.record(entry.duration / 1000, { kind: gcKinds[kind ?? 0] ?? "other" });
        }
      } catch {
        // Telemetry never breaks the application's work.
      }
    });
    gc.observe({ entryTypes: ["gc"] });
    started = {
      stop: () => {
        gc.disconnect();
        loopDelay.disable();
        meter.removeBatchObservableCallback(callback, observed);
      },
    };
  } catch {
    // Telemetry never breaks the application's work.
  }
}

/** Stops reading the runtime (the process is about to exit). */
export function stopRuntimeMetrics(): void {
  started?.stop();
  started = undefined;
}
