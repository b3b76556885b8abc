// Runs a host tool (buildah, podman, ldd, go, apt-get) to completion and keeps what it printed.
import { spawn } from "node:child_process";

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Shown as it comes instead of kept (long installs and builds). */
  readonly inheritOutput?: boolean;
}

export async function run(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return await new Promise((resolve, reject) => {
    const output = options.inheritOutput ? "inherit" : "pipe";
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", output, output],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.once("close", (code, signal) => resolve({ status: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Runs it and returns its stdout; a non-zero exit is an error carrying what it printed. */
export async function runChecked(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return result.stdout;
}
