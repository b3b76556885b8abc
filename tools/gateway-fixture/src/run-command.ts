// Runs a language's tool with its output shown as it comes, optionally kept for parsing.
import { spawn } from "node:child_process";

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
}

export async function runCommand(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env?: NodeJS.ProcessEnv;
    /** Keep stdout for the caller instead of printing it (it may print its own digest). */
    readonly captureStdout?: boolean;
    /** Called with each chunk of captured stdout, e.g. to show it in another form. */
    readonly onStdout?: (chunk: string) => void;
  },
): Promise<CommandResult> {
  return await new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", options.captureStdout ? "pipe" : "inherit", "inherit"],
    });
    let stdout = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.once("error", (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.once("close", (code, signal) => resolve({ status: code ?? (signal ? 128 : 1), stdout }));
  });
}

/** Like runCommand, but a non-zero exit is an error naming the command. */
export async function mustRun(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<void> {
  const { status } = await runCommand(command, args, options);
  if (status !== 0) throw new Error(`${command} ${args.join(" ")} failed with exit ${status}`);
}
