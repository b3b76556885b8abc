// A cross-process lock around provisioning a language (a venv, Maven's build): Nx runs up to
// three test targets at once, and the cross-language test prepares the same languages as
// their own suites. `mkdir` is atomic; a lock whose holder died is broken by its pid.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function withLock<T>(lockDir: string, work: () => Promise<T>, timeoutMs = 900_000): Promise<T> {
  await mkdir(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, "pid"), `${process.pid}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(await readFile(join(lockDir, "pid"), "utf8").catch(() => "0"));
      // No pid yet means it was taken a moment ago; a dead pid means its holder was killed.
      if (pid > 0 && !isAlive(pid)) await rm(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lockDir}`);
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
