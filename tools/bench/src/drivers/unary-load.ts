import { performance } from "node:perf_hooks";
import type { LatencyResult, Timing } from "./driver-spec.ts";
import { MeasureWindow, sleep } from "./window.ts";

/** More publishes waiting than this and the offered rate is beyond what is served: stop offering. */
const maxOutstanding = 2_000;

/**
 * Drives `publish` either in a closed loop (the next call when the last one
 * answered: saturation) or open loop at a fixed offered rate, where each
 * latency runs from the publish's scheduled time, so a stall counts against
 * every publish it delayed (no coordinated omission). Only publishes
 * scheduled inside the window count.
 */
export async function unaryLoad(
  timing: Timing,
  ratePerSec: number,
  publish: (sequence: number) => Promise<void>,
): Promise<LatencyResult> {
  const window = new MeasureWindow(timing);
  const latencies: number[] = [];
  let errors = 0;
  let sequence = 0;
  // The first publish initialises the producer (or the session's): not timed.
  await publish(sequence++);
  window.begin();
  const once = async (scheduled: number): Promise<void> => {
    try {
      await publish(sequence++);
      if (window.contains(scheduled)) latencies.push(performance.now() - scheduled);
    } catch {
      errors++;
    }
  };
  if (ratePerSec <= 0) {
    while (!window.over) await once(performance.now());
  } else {
    const started = performance.now();
    const periodMs = 1000 / ratePerSec;
    const outstanding = new Set<Promise<void>>();
    let issued = 0;
    while (!window.over) {
      const now = performance.now();
      while (started + issued * periodMs <= now) {
        const scheduled = started + issued++ * periodMs;
        if (outstanding.size >= maxOutstanding) {
          errors++;
          continue;
        }
        const call = once(scheduled);
        outstanding.add(call);
        void call.finally(() => outstanding.delete(call));
      }
      await sleep(Math.max(0, Math.min(5, started + issued * periodMs - performance.now())));
    }
    await Promise.all(outstanding);
  }
  return {
    kind: "latency",
    latenciesMs: latencies,
    seconds: window.seconds,
    publishesPerSec: latencies.length / window.seconds,
    errors,
    cpuMs: window.cpuMs,
  };
}
