// The test harness's way to get the shared single broker, safe when several processes (Nx
// runs the test targets of several packages at once) call it together:
// - starting happens under a cross-process lock, so exactly one process starts the broker
//   and the others wait and reuse it;
// - each caller holds a lease (a file named after its pid) until it releases it, and a
//   broker that the harness started is stopped by the LAST lease released, not by whichever
//   process happened to start it (which may finish first, while others still test);
// - a broker someone started on purpose (`npm run kafka start`) is never stopped here.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stopBrokerProcess } from "./broker-process.ts";
import { LOCAL_BROKERS, SINGLE_NODE } from "./layouts.ts";
import { LEASES_DIR, liveLeases } from "./leases.ts";
import { HARNESS_MARK, startSingleLocked, withSingleLock } from "./single-broker.ts";
import type { StartResult } from "./start-result.ts";

export interface LocalBrokerLease {
  /** This call launched the broker (it was neither running nor reachable). */
  readonly startedHere: boolean;
  readonly brokers: readonly string[];
  readonly broker: StartResult;
  /**
   * Gives the lease back. If it was the last lease and the harness started the broker, stops
   * the broker, unless `keep` (then the broker stays until `npm run kafka stop`).
   */
  release(options?: { keep?: boolean }): Promise<{ stopped: boolean }>;
}

export async function ensureLocalBroker(options: { timeoutMs?: number } = {}): Promise<LocalBrokerLease> {
  const leaseFile = join(LEASES_DIR, `${process.pid}-${randomBytes(4).toString("hex")}`);
  const broker = await withSingleLock(async () => {
    const started = await startSingleLocked(options.timeoutMs);
    if (!started.reused) await writeFile(HARNESS_MARK, `${started.pid ?? ""}\n`);
    await mkdir(LEASES_DIR, { recursive: true });
    await writeFile(leaseFile, `${process.pid}\n`);
    return started;
  });
  let released: Promise<{ stopped: boolean }> | undefined;
  const release = (releaseOptions: { keep?: boolean } = {}) => {
    released ??= withSingleLock(async () => {
      await rm(leaseFile, { force: true });
      if (releaseOptions.keep) {
        // Kept on purpose: from now on it is a broker nobody stops automatically.
        await rm(HARNESS_MARK, { force: true });
        return { stopped: false };
      }
      if ((await liveLeases()).length > 0 || !existsSync(HARNESS_MARK)) return { stopped: false };
      await rm(HARNESS_MARK, { force: true });
      const { outcome } = await stopBrokerProcess(SINGLE_NODE);
      return { stopped: outcome !== "not-running" };
    });
    return released;
  };
  return { startedHere: !broker.reused, brokers: LOCAL_BROKERS, broker, release };
}
