// Runs `npm run faults` (src/main.ts) as CI does, in a process of its own, and reads back
// what it wrote: the JSON results and the markdown report.
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "../src/report/result.ts";

const main = join(import.meta.dirname, "..", "src", "main.ts");

export interface CliRun {
  readonly exitCode: number | null;
  readonly results: RunResult;
  readonly markdown: string;
  /** The end of what it logged, for failure messages. */
  readonly log: string;
  readonly dir: string;
}

export async function runFaultsCli(args: readonly string[]): Promise<CliRun> {
  const dir = await mkdtemp(join(tmpdir(), "onceport-faults-"));
  const out = join(dir, "fault-report.md");
  const json = join(dir, "results.json");
  let log = "";
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [main, ...args, "--out", out, "--json", json, "--work-dir", join(dir, "work")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-30_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", resolve);
  });
  const results = JSON.parse(await readFile(json, "utf8")) as RunResult;
  const markdown = await readFile(out, "utf8");
  return { exitCode, results, markdown, log, dir };
}
