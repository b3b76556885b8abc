import { setTimeout as sleep } from "node:timers/promises";
import { CLUSTER_PROXIED } from "@onceport/kafka-dev";
import { BrokerProxies } from "../kafka/broker-proxies.ts";
import type { LoadRun } from "./load-run.ts";
import { runLoadScenario } from "./load-scenario.ts";
import type { Scenario } from "./scenario.ts";

const scenario = {
  name: "network",
  title: "Network faults between gateways and brokers",
  description:
    "The gateways reach the 3-broker cluster only through a TCP fault proxy per broker (the brokers " +
    "advertise the proxies' ports on their PROXIED listener; replication does not cross them). At 15% " +
    "everything is blackholed for 10 s (connections accepted, nothing forwarded); at 35% every connection " +
    "is reset (RST) every second for 10 s; at 55% each chunk each way is delayed by 500-2000 ms for 20 s. " +
    "The quick run shortens each fault.",
};

async function network(run: LoadRun, proxies: BrokerProxies): Promise<void> {
  const quick = run.settings.quick;
  const blackholeMs = quick ? 5_000 : 10_000;
  const resetsMs = quick ? 5_000 : 10_000;
  const latencyMs = quick ? 8_000 : 20_000;

  await run.load.waitForProgress(0.15, run.settings.loadMs * 3);
  const blackhole = run.mark(`blackhole between gateways and brokers for ${blackholeMs / 1000} s`);
  proxies.blackhole();
  await sleep(blackholeMs);
  proxies.heal();
  await run.recovered(blackhole, { since: Date.now(), note: "recovery counted from the heal" });

  await run.load.waitForProgress(0.35, run.settings.loadMs * 3);
  const resets = run.mark(`connection resets every second for ${resetsMs / 1000} s`);
  let reset = 0;
  for (const end = Date.now() + resetsMs; Date.now() < end; ) {
    reset += proxies.resetAll();
    await sleep(1_000);
  }
  run.figures["connections reset"] = reset;
  await run.recovered(resets, { since: Date.now(), note: "recovery counted from the last reset" });

  await run.load.waitForProgress(0.55, run.settings.loadMs * 3);
  const slow = run.mark(`500-2000 ms latency each way for ${latencyMs / 1000} s`);
  const before = run.load.acked;
  proxies.setLatency(500, 2_000);
  await sleep(latencyMs);
  proxies.clearLatency();
  run.figures[`records acknowledged during the ${latencyMs / 1000} s of latency`] = run.load.acked - before;
  await run.recovered(slow, { since: Date.now(), note: "recovery counted from the end of the latency" });
}

export const networkFaults: Scenario = {
  ...scenario,
  needsCluster: true,
  run: (context) => {
    let proxies: BrokerProxies | undefined;
    return runLoadScenario(context, {
      scenario,
      gatewayBrokers: CLUSTER_PROXIED.map((broker) => broker.proxyAddress),
      prepare: async () => {
        proxies = await BrokerProxies.start();
        const started = proxies;
        return () => started.close();
      },
      faults: (run) => {
        if (!proxies) throw new Error("no broker proxies");
        return network(run, proxies);
      },
    });
  },
};
