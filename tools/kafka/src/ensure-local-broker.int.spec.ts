// Several processes asking for the shared broker at once (as parallel test runs under Nx do)
// all get the one broker: none starts a second one.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runNodeScript } from "./run-node.ts";
import { localBrokerStatus } from "./single-broker.ts";

const ensureBroker = fileURLToPath(new URL("./fixtures/ensure-broker.ts", import.meta.url));

describe("ensureLocalBroker from several processes", () => {
  it("reuses the running broker in every process", async () => {
    const before = await localBrokerStatus();
    expect(before.reachable).toBe(true);
    const runs = await Promise.all([1, 2, 3].map(() => runNodeScript(ensureBroker)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const results = runs.map(
      (run) => JSON.parse(run.stdout.split("\n")[0] ?? "") as { startedHere: boolean; pid?: number },
    );
    expect(results.map((result) => result.startedHere)).toEqual([false, false, false]);
    expect(new Set(results.map((result) => result.pid))).toEqual(new Set([before.pid]));
    // Their releases did not stop the broker this test run still uses.
    const after = await localBrokerStatus();
    expect(after.reachable).toBe(true);
    expect(after.pid).toBe(before.pid);
  });
});
