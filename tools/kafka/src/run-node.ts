// Runs a TypeScript file in a separate Node process (as tests of cross-process behaviour need).
import { spawn } from "node:child_process";

export interface NodeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runNodeScript(script: string, args: readonly string[] = []): Promise<NodeRun> {
  return await new Promise((resolvePromise, reject) => {
    // The same Node binary as ours: it strips TypeScript types natively.
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", reject);
    child.once("close", (code, signal) =>
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}
