import { performance } from "node:perf_hooks";
import type { Timing } from "./driver-spec.ts";

/**
 * The measured window of a driver: events before it are warm-up, after it are
 * drain. The warm-up counts from `begin()`, which a driver calls at its first
 * acknowledgement, so the time to connect and initialise a producer (seconds
 * on a freshly started broker) never eats into the window. The window tells
 * the parent process when it opens and closes (a `@window` line on stdout), so
 * the parent can read the gateway's and the broker's CPU time at the same
 * moments, and notes this process's own CPU time.
 */
export class MeasureWindow {
  start = Number.POSITIVE_INFINITY;
  end = Number.POSITIVE_INFINITY;
  private cpuAtStart: NodeJS.CpuUsage | undefined;
  private cpuInWindow: NodeJS.CpuUsage | undefined;
  private readonly timing: Timing;

  constructor(timing: Timing) {
    this.timing = timing;
  }

  /** Starts the warm-up, once; later calls do nothing. */
  begin(now = performance.now()): void {
    if (this.start !== Number.POSITIVE_INFINITY) return;
    this.start = now + this.timing.warmupMs;
    this.end = this.start + this.timing.durationMs;
    setTimeout(() => {
      this.cpuAtStart = process.cpuUsage();
      process.stdout.write("@window start\n");
    }, this.timing.warmupMs);
    setTimeout(() => {
      this.cpuInWindow = process.cpuUsage(this.cpuAtStart);
      process.stdout.write("@window end\n");
    }, this.timing.warmupMs + this.timing.durationMs);
  }

  /** CPU time (user + system, ms) this process used inside the window. */
  get cpuMs(): number {
    const usage = this.cpuInWindow ?? process.cpuUsage(this.cpuAtStart);
    return (usage.user + usage.system) / 1000;
  }

  contains(time: number): boolean {
    return time >= this.start && time < this.end;
  }

  get over(): boolean {
    return performance.now() >= this.end;
  }

  get seconds(): number {
    return this.timing.durationMs / 1000;
  }
}

/** A record value of the given size; random so no compression or dedup flatters anyone. */
export function payload(bytes: number): Buffer {
  const value = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) value[i] = Math.floor(Math.random() * 256);
  return value;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
