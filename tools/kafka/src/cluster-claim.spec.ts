import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimCluster } from "./cluster-claim.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("claimCluster", () => {
  it("holds the cluster for one claimant until it releases it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "onceport-claim-"));
    dirs.push(dir);
    const lockDir = join(dir, "cluster-claim");
    const first = await claimCluster({ lockDir });
    let waitedFor: number | undefined;
    await expect(
      claimCluster({
        lockDir,
        timeoutMs: 600,
        onWait: (pid) => {
          waitedFor = pid;
        },
      }),
    ).rejects.toThrow(/timed out/);
    expect(waitedFor).toBe(process.pid);

    const second = claimCluster({ lockDir, timeoutMs: 5_000, onWait: () => {} });
    await first.release();
    await (await second).release();
  });
});
