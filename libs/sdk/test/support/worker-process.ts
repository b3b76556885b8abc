import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

const script = join(import.meta.dirname, "currency-worker-process.ts");

/** The currency worker (`currency-worker-process.ts`) as its own process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Input records of the batches this worker had committed, as it reported them. */
  readonly acked: () => number;
  readonly lines: string[];
  waitUntil(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const lines: string[] = [];
  let acked = 0;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    lines.push(line);
    const match = /^acked (\d+)$/.exec(line);
    if (match) acked += Number(match[1]);
  });
  return {
    child,
    exited,
    lines,
    acked: () => acked,
    waitUntil: async (predicate, what, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`worker: ${what} did not happen (acked ${acked}; last lines ${lines.slice(-5)})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
