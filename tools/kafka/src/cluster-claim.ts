// Whole-test use of the 3-node cluster. startCluster, killNode and the rest each take a short
// lock, which keeps two processes from changing the cluster at the same moment; but a test
// that kills and restarts nodes for minutes, then stops the cluster, must not share it with
// another such test (Nx runs packages' tests side by side). Such tests claim the cluster
// first: a cross-process lock (lock.ts) held until release(). A claimant that died leaves a
// stale claim, which the next claimant breaks.
import { join } from "node:path";
import { withLock } from "./lock.ts";
import { KAFKA_STATE } from "./paths.ts";

const CLAIM_LOCK = join(KAFKA_STATE, "locks", "cluster-claim");

export interface ClusterClaim {
  /** Gives the cluster back (stop it first if this claimant started it). */
  release(): Promise<void>;
}

/**
 * Waits until no other process holds the cluster (at most `timeoutMs`, 15 minutes by
 * default: another claimant's fault run takes minutes), then holds it until `release()`.
 */
export async function claimCluster(
  options: {
    timeoutMs?: number;
    onWait?: (holderPid: number | undefined) => void;
    /** For tests of the claim itself: another lock directory. */
    lockDir?: string;
  } = {},
): Promise<ClusterClaim> {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let claimed = (): void => {};
  const claimedNow = new Promise<void>((resolve) => {
    claimed = resolve;
  });
  const holding = withLock(
    options.lockDir ?? CLAIM_LOCK,
    async () => {
      claimed();
      await released;
    },
    {
      timeoutMs: options.timeoutMs ?? 900_000,
      onWait:
        options.onWait ??
        ((pid) =>
          process.stderr.write(`[kafka] waiting for process ${pid ?? "?"}, which uses the cluster\n`)),
    },
  );
  // A timeout rejects `holding` before anything was claimed.
  await Promise.race([claimedNow, holding]);
  return {
    release: async () => {
      release();
      await holding;
    },
  };
}
