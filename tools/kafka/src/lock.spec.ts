import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { withLock } from "./lock.ts";
import { runNodeScript } from "./run-node.ts";

const holdLock = fileURLToPath(new URL("./fixtures/hold-lock.ts", import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "onceport-lock-"));
  dirs.push(dir);
  return dir;
}

describe("withLock", () => {
  it("lets one process at a time hold the lock", async () => {
    const dir = await tempDir();
    const lockDir = join(dir, "lock");
    const log = join(dir, "log");
    const runs = await Promise.all([1, 2, 3, 4].map(() => runNodeScript(holdLock, [lockDir, log, "150"])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const lines = (await readFile(log, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(8);
    // Holders never overlap: every "enter" is followed by the same process's "exit".
    for (let index = 0; index < lines.length; index += 2) {
      const [enter, exit] = [lines[index], lines[index + 1]];
      expect(enter).toMatch(/^enter \d+$/);
      expect(exit).toBe(enter?.replace("enter", "exit"));
    }
  });

  it("breaks a lock whose holder died", async () => {
    const dir = await tempDir();
    const lockDir = join(dir, "lock");
    // The pid of a process that has exited (pids are not reused that fast).
    const deadPid = Number(
      spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout,
    );
    expect(deadPid).toBeGreaterThan(0);
    await mkdir(lockDir);
    await writeFile(join(lockDir, "owner"), `${deadPid}\nstale-token\n`);
    const started = Date.now();
    expect(await withLock(lockDir, async () => "got it", { timeoutMs: 5000 })).toBe("got it");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("waits for a live holder instead of breaking its lock", async () => {
    const dir = await tempDir();
    const lockDir = join(dir, "lock");
    await mkdir(lockDir);
    await writeFile(join(lockDir, "owner"), `${process.pid}\nour-own-token\n`);
    await expect(withLock(lockDir, async () => "got it", { timeoutMs: 700 })).rejects.toThrow(/timed out/);
  });
});
