import { spawn } from "node:child_process";
import { join } from "node:path";

const main = join(import.meta.dirname, "..", "..", "src", "main.ts");
export const launcher = join(import.meta.dirname, "..", "..", "bin", "onceport.mjs");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as users do, its own Node process, with the given stdin. */
export function runCli(
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string>; script?: string; cwd?: string } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [options.script ?? main, ...args], {
    env: { ...process.env, ...options.env },
    cwd: options.cwd ?? process.cwd(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  child.stdin.end(options.stdin ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
