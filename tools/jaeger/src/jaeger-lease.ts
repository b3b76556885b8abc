import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startJaeger, stopJaeger } from "./jaeger-process.ts";
import { runDir } from "./paths.ts";

const lockDir = join(runDir, "lease.lock");
const leasesDir = join(runDir, "leases");
/** Present while the Jaeger running was started by a lease: the last lease stops it. */
const harnessMark = join(runDir, "started-by-lease");

export interface JaegerLease {
  /** This lease started Jaeger (it was not running). */
  readonly startedHere: boolean;
  /** Gives the lease back; the last one stops a Jaeger that a lease started. */
  release(): Promise<{ stopped: boolean }>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A cross-process lock (mkdir is atomic); a dead holder's lock is broken. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(runDir, { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch {
      const holder = Number(await readFile(join(lockDir, "pid"), "utf8").catch(() => ""));
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      await sleep(200);
    }
  }
  try {
    await writeFile(join(lockDir, "pid"), String(process.pid));
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Leases of processes still alive; those of dead ones (killed test runs) are removed. */
async function liveLeases(): Promise<string[]> {
  const live: string[] = [];
  for (const name of await readdir(leasesDir).catch(() => [] as string[])) {
    const pid = Number(name.split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) live.push(name);
    else await rm(join(leasesDir, name), { force: true });
  }
  return live;
}

/**
 * Jaeger for a test run, shared safely with concurrent runs (Nx tests
 * packages in parallel): starts it, or reuses a running one, and holds a
 * lease until `release`. A Jaeger started by a lease is stopped by the last
 * lease released, not by whichever run started it; one started on purpose
 * (`npm run jaeger -- start`) is never stopped here.
 */
export async function leaseJaeger(log: (line: string) => void = () => {}): Promise<JaegerLease> {
  const leaseFile = join(leasesDir, `${process.pid}-${randomBytes(4).toString("hex")}`);
  const { startedHere } = await withLock(async () => {
    const started = await startJaeger(log);
    if (started.startedHere) await writeFile(harnessMark, String(process.pid));
    await mkdir(leasesDir, { recursive: true });
    await writeFile(leaseFile, String(process.pid));
    return started;
  });
  let released: Promise<{ stopped: boolean }> | undefined;
  return {
    startedHere,
    release: () => {
      released ??= withLock(async () => {
        await rm(leaseFile, { force: true });
        if ((await liveLeases()).length > 0 || !existsSync(harnessMark)) return { stopped: false };
        await rm(harnessMark, { force: true });
        return { stopped: await stopJaeger() };
      });
      return released;
    },
  };
}
