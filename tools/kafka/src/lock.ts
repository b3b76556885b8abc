// A cross-process exclusive lock: `mkdir` either creates the directory or fails, atomically,
// so exactly one process holds it. Several test runs (Nx runs packages in parallel) use it to
// start the shared broker once. A holder that died (a killed test run) leaves a stale lock,
// which the next process detects by the holder's pid and breaks.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isAlive } from "./broker-process.ts";

interface Owner {
  readonly pid: number;
  readonly token: string;
}

const OWNER_FILE = "owner";
/** Between mkdir and writing the owner file a lock has no owner; only older ones are stale. */
const OWNERLESS_GRACE_MS = 10_000;

async function readOwner(lockDir: string): Promise<Owner | undefined> {
  try {
    const [pid, token] = (await readFile(join(lockDir, OWNER_FILE), "utf8")).split("\n");
    return { pid: Number(pid), token: token ?? "" };
  } catch {
    return undefined;
  }
}

async function isStale(lockDir: string): Promise<{ stale: boolean; owner?: Owner }> {
  const owner = await readOwner(lockDir);
  if (owner) return { stale: !isAlive(owner.pid), owner };
  try {
    return { stale: Date.now() - (await stat(lockDir)).mtimeMs > OWNERLESS_GRACE_MS };
  } catch {
    return { stale: false }; // released meanwhile: just try again
  }
}

/**
 * Moves a stale lock aside, then checks that what was moved is the stale lock: if another
 * process broke it and took the lock in between, puts that live lock back.
 */
async function breakStaleLock(lockDir: string, staleOwner: Owner | undefined): Promise<void> {
  const aside = `${lockDir}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await readOwner(aside);
  if (moved && staleOwner && moved.token !== staleOwner.token) {
    try {
      await rename(aside, lockDir);
      return;
    } catch {
      // lockDir was re-created meanwhile: nothing safe to do but let the newest holder win
    }
  }
  await rm(aside, { recursive: true, force: true });
}

export interface LockOptions {
  readonly timeoutMs?: number;
  /** Called once when the lock is busy, e.g. to tell the user whom we wait for. */
  readonly onWait?: (holderPid: number | undefined) => void;
}

/** Runs `fn` while holding the lock `lockDir`, waiting for other holders first. */
export async function withLock<T>(
  lockDir: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const token = await acquire(lockDir, options);
  try {
    return await fn();
  } finally {
    await release(lockDir, token);
  }
}

async function acquire(lockDir: string, options: LockOptions): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const token = randomBytes(8).toString("hex");
  let told = false;
  await mkdir(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, OWNER_FILE), `${process.pid}\n${token}\n`);
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const { stale, owner } = await isStale(lockDir);
    if (stale) {
      await breakStaleLock(lockDir, owner);
      continue;
    }
    if (!told) {
      options.onWait?.(owner?.pid);
      told = true;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for lock ${lockDir} (held by pid ${owner?.pid ?? "unknown"})`);
    }
    await sleep(100 + Math.random() * 150);
  }
}

async function release(lockDir: string, token: string): Promise<void> {
  // Only remove our own lock: if it was (wrongly) broken as stale, it is someone else's now.
  if ((await readOwner(lockDir))?.token === token) await rm(lockDir, { recursive: true, force: true });
}
