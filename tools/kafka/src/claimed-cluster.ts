import { startCluster, stopCluster } from "./cluster.ts";
import { claimCluster } from "./cluster-claim.ts";

/**
 * For a test file that uses the 3-broker cluster: claims it (tools/kafka's cluster test and
 * tools/faults kill its nodes, so one user at a time, across packages) and starts it. Call the
 * returned function when done, also after a failure: it stops the cluster (no JVM left behind)
 * and releases the claim. Waiting for the claim may take as long as another package's run.
 */
export async function useClaimedCluster(): Promise<() => Promise<void>> {
  const claim = await claimCluster();
  try {
    await startCluster();
  } catch (error) {
    await claim.release();
    throw error;
  }
  return async () => {
    try {
      await stopCluster();
    } finally {
      await claim.release();
    }
  };
}
