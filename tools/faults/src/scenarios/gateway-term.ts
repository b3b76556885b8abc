import { gatewayRounds } from "./gateway-rounds.ts";
import { runLoadScenario } from "./load-scenario.ts";
import type { Scenario } from "./scenario.ts";

const scenario = {
  name: "gateway-term",
  title: "Gateway SIGTERM (graceful stop)",
  description:
    "As gateway-kill, with a graceful stop: at 20%, 40% and 60% the balancer drains one gateway (new " +
    "connections go to the other) and it gets SIGTERM: it stops taking calls, finishes those in flight within " +
    "its grace, cancels open streams, aborts open transactions and exits; it comes back and half of the " +
    "clients are moved back to it.",
};

export const gatewayTerm: Scenario = {
  ...scenario,
  needsCluster: false,
  run: (context) =>
    runLoadScenario(context, {
      scenario,
      faults: (run) => gatewayRounds(run, "terminate", { crashHook: false }),
    }),
};
