import { setTimeout as sleep } from "node:timers/promises";
import { killNode, startNode, stopNode } from "@onceport/kafka-dev";
import type { LoadRun } from "./load-run.ts";
import { runLoadScenario } from "./load-scenario.ts";
import type { Scenario } from "./scenario.ts";

const scenario = {
  name: "broker-bounce",
  title: "Broker SIGKILL and restart, each in turn, and a clean restart",
  description:
    "The 3-broker cluster (replication factor 3, min.insync.replicas 2) under the load of two gateways. At " +
    "20%, 40% and 60% one broker after another is SIGKILLed and stays down at least 10 s, past the " +
    "controller's session timeout (so leaders and transaction coordinators move), and until every client was " +
    "served again by the two brokers left; then it restarts. At 80% one broker gets a clean restart (SIGTERM, " +
    "controlled shutdown). The quick run kills one broker, for at least 8 s.",
};

async function bounce(run: LoadRun): Promise<void> {
  const downMs = run.settings.quick ? 8_000 : 10_000;
  for (let round = 1; round <= run.settings.rounds; round++) {
    await run.load.waitForProgress(0.2 * round, run.settings.loadMs * 3);
    const node = ((round - 1) % 3) + 1;
    const killed = run.mark(`SIGKILL broker ${node}`);
    await killNode(node);
    const ackedBefore = run.load.acked;
    await sleep(downMs);
    run.figures[`records acknowledged in the first ${downMs / 1000} s broker ${node} was down`] =
      run.load.acked - ackedBefore;
    // It stays down until every client was served again: by the two brokers left, then.
    await run.recovered(killed, { note: "served by the two brokers left" });
    const downFor = ((Date.now() - killed.at) / 1000).toFixed(0);
    const restarted = run.mark(`broker ${node} restarted after ${downFor} s down`);
    await startNode(node);
    await run.recovered(restarted);
  }
  if (run.settings.quick) return;
  await run.load.waitForProgress(0.8, run.settings.loadMs * 3);
  const clean = run.mark("clean restart of broker 2 (SIGTERM, controlled shutdown)");
  await stopNode(2);
  await startNode(2);
  await run.recovered(clean);
}

export const brokerBounce: Scenario = {
  ...scenario,
  needsCluster: true,
  run: (context) => runLoadScenario(context, { scenario, faults: bounce }),
};
