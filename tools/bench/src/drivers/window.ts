import { performance } from "node:perf_hooks";
import type { Timing } from "./driver-spec.ts";

/**
 * The measured window of a driver: events before it are warm-up, after it are
 * drain. It tells the parent process when it opens and closes (a `@window`
 * line on stdout), so the parent can read the gateway's and the broker's CPU
 * time at the same moments, and notes this process's own CPU time.
 */
export class MeasureWindow {
  readonly start: number;
  readonly end: number;
  private cpuAtStart: NodeJS.CpuUsage | undefined;
  private cpuInWindow: NodeJS.CpuUsage | undefined;
  private readonly timers: NodeJS.Timeout[];

  constructor(timing: Timing, now = performance.now()) {
    this.start = now + timing.warmupMs;
    this.end = this.start + timing.durationMs;
    this.timers = [
      setTimeout(() => {
        this.cpuAtStart = process.cpuUsage();
        process.stdout.write("@window start\n");
      }, timing.warmupMs),
      setTimeout(() => {
        this.cpuInWindow = process.cpuUsage(this.cpuAtStart);
        process.stdout.write("@window end\n");
      }, timing.warmupMs + timing.durationMs),
    ];
  }

  /** CPU time (user + system, ms) this process used inside the window. */
  get cpuMs(): number {
    const usage = this.cpuInWindow ?? process.cpuUsage(this.cpuAtStart);
    return (usage.user + usage.system) / 1000;
  }

  /** Stops the marks (a driver that ends early). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  contains(time: number): boolean {
    return time >= this.start && time < this.end;
  }

  get over(): boolean {
    return performance.now() >= this.end;
  }

  get seconds(): number {
    return (this.end - this.start) / 1000;
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
