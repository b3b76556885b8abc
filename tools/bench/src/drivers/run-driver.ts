import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { WindowMark } from "../measure/window-mark.ts";
import type { DriverResult, DriverSpec } from "./driver-spec.ts";

const driverMain = join(import.meta.dirname, "driver-main.ts");

export type ResultOf<S extends DriverSpec> = S["kind"] extends "sessions"
  ? Extract<DriverResult, { kind: "sessions" }>
  : S["kind"] extends "gateway-stream" | "sdk-stream" | "kafkajs-stream"
    ? Extract<DriverResult, { kind: "throughput" }>
    : Extract<DriverResult, { kind: "latency" }>;

/**
 * Runs one driver in a fresh Node process and returns what it measured.
 * `onMark` hears when the driver's measured window opens and closes.
 */
export function runDriver<S extends DriverSpec>(
  spec: S,
  options: { timeoutMs: number; onMark?: (mark: WindowMark) => void },
): Promise<ResultOf<S>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driverMain, JSON.stringify(spec)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let last = "";
    let stderr = "";
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line === "@window start" || line === "@window end")
        options.onMark?.(line === "@window start" ? "start" : "end");
      else if (line.trim() !== "") last = line;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as ResultOf<S>);
      else reject(new Error(`driver ${spec.kind} ended with ${code ?? signal}:\n${stderr.trim()}`));
    });
  });
}
