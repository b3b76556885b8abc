import { crashHookFlags, gatewayRounds } from "./gateway-rounds.ts";
import { runLoadScenario } from "./load-scenario.ts";
import type { Scenario } from "./scenario.ts";

const scenario = {
  name: "gateway-kill",
  title: "Gateway SIGKILL, clients fail over",
  description:
    "Two gateways, clients of every kind (atomic publishes, interactive transactions, the publish stream) " +
    "spread over them. At 20%, 40% and 60% of the load one gateway is SIGKILLed (the first time by its own " +
    "test hook, right after a commit and before the answer), the balancer moves its clients to the other, " +
    "the gateway comes back and half of the clients are moved back to it, their connections cut.",
};

export const gatewayKill: Scenario = {
  ...scenario,
  needsCluster: false,
  run: (context) =>
    runLoadScenario(context, {
      scenario,
      firstStartTestFlags: crashHookFlags,
      faults: (run) => gatewayRounds(run, "kill", { crashHook: true }),
    }),
};
