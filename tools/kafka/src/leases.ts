// Leases on the shared single broker: one file per test run (named after its pid) while it
// uses the broker. See ensure-local-broker.ts.
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { isAlive } from "./broker-process.ts";
import { SINGLE_DIR } from "./layouts.ts";

export const LEASES_DIR = join(SINGLE_DIR, "leases");

/** Lease files of processes that are still alive; removes the others (killed test runs). */
export async function liveLeases(): Promise<string[]> {
  const live: string[] = [];
  for (const name of await readdir(LEASES_DIR).catch(() => [] as string[])) {
    const pid = Number(name.split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(name);
    else await rm(join(LEASES_DIR, name), { force: true });
  }
  return live;
}
