import { setTimeout as sleep } from "node:timers/promises";
import type { LoadRun } from "./load-run.ts";
import { runLoadScenario } from "./load-scenario.ts";
import type { Scenario, ScenarioSettings } from "./scenario.ts";

const scenario = {
  name: "zombie-gateway",
  title: "Zombie gateway (SIGSTOP past the transaction timeout)",
  description:
    "At 25% gateway A is frozen with SIGSTOP, mid-traffic, with transactions open. The balancer's health " +
    "check moves its clients to B (their connections cut); opening their sessions there fences A's producers. " +
    "A stays frozen longer than Kafka's transaction timeout, then gets SIGCONT: whatever it still had in " +
    "hand must fail, fenced. Then half of the clients are moved back to A, which must serve them.",
};

/** Kafka's transaction timeout for the gateways here: short, so that the pause outlasts it. */
function transactionTimeoutMs(settings: ScenarioSettings): number {
  return settings.quick ? 6_000 : 10_000;
}

async function zombie(run: LoadRun): Promise<void> {
  const pauseMs = transactionTimeoutMs(run.settings) + (run.settings.quick ? 4_000 : 10_000);
  await run.load.waitForProgress(0.25, run.settings.loadMs * 3);
  const moved = run.balancer.clientsOn("A");
  const frozen = run.mark(`SIGSTOP gateway A for ${pauseMs / 1000} s (${moved.length} clients)`);
  run.fleet.pause("A");
  await sleep(1_000); // the balancer's health check
  run.balancer.move(moved, "B", { cut: true });
  await run.recovered(frozen, { note: `${moved.length} clients moved to B` });
  await sleep(Math.max(0, frozen.at + pauseMs - Date.now()));

  const thawed = run.mark("SIGCONT gateway A (a zombie: its producers were fenced meanwhile)");
  run.fleet.resume("A");
  // What A had in hand runs into the fence now; its clients, on B, must not notice.
  await run.recovered(thawed);
  await sleep(2_000);
  const back = run.balancer.clientsOn("B").filter((_, index) => index % 2 === 0);
  const move = run.mark(`${back.length} clients moved to the former zombie A (connections cut)`);
  run.balancer.move(back, "A", { cut: true });
  await run.recovered(move);
}

export const zombieGateway: Scenario = {
  ...scenario,
  needsCluster: false,
  run: (context) =>
    runLoadScenario(context, {
      scenario,
      gatewayFlags: {
        "kafka-transaction-timeout-ms": String(transactionTimeoutMs(context.settings)),
        "transaction-timeout-ms": String(transactionTimeoutMs(context.settings) / 2),
      },
      faults: zombie,
    }),
};
