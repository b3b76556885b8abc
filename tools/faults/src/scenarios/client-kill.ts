import { setTimeout as sleep } from "node:timers/promises";
import type { ClientProcess, ClientProcessSpec } from "../load/client-process.ts";
import { type ClientPlan, publishCount } from "../load/plan.ts";
import type { LoadRun } from "./load-run.ts";
import { runLoadScenario } from "./load-scenario.ts";
import type { ClientSpec } from "./load-scenario-spec.ts";
import type { Scenario } from "./scenario.ts";

const scenario = {
  name: "client-kill",
  title: "Client processes killed mid-transaction and mid-stream, restarted with the same client id",
  description:
    "Besides clients in the driver, three clients run as processes of their own, each writing a journal " +
    '(its ledger: an "unknown" line before each publish goes out). The transaction client SIGKILLs itself ' +
    "between the two sends of a transaction, the stream client with publishes unacknowledged on the stream " +
    "(each at about 20% and 60% of its work), and the publish client is SIGKILLed from outside at 40% of the " +
    "load. Each is restarted with the same client id, through the other gateway: it sends again, with the " +
    "same keys, what it had not heard back about, then goes on. The quick run kills each once.",
};

type Die = NonNullable<ClientProcessSpec["die"]>;

function diePoints(plan: ClientPlan, quick: boolean): Die[] {
  const at =
    plan.kind === "transaction" ? "mid-transaction" : plan.kind === "stream" ? "mid-stream" : undefined;
  if (!at) return [];
  const fractions = quick ? [0.2] : [0.2, 0.6];
  return fractions.map((fraction) => ({ at, publish: Math.floor(publishCount(plan) * fraction) }));
}

function clients(quick: boolean): ClientSpec[] {
  const first = (plan: ClientPlan) => {
    const [die] = diePoints(plan, quick);
    return die ? { die } : {};
  };
  return [
    { kind: "publish" },
    { kind: "stream" },
    { kind: "transaction", process: true, firstStart: first },
    { kind: "stream", process: true, firstStart: first },
    { kind: "publish", process: true },
  ];
}

/** Follows one client process through its deaths, restarting it each time on the other gateway. */
async function follow(run: LoadRun, plan: ClientPlan, child: ClientProcess): Promise<void> {
  const dies = diePoints(plan, run.settings.quick).slice(1);
  for (;;) {
    const exit = await child.ended();
    if (child.done || exit !== "SIGKILL") return;
    const from = run.balancer.gatewayOf(plan.clientId);
    const to = run.fleet.names.find((name) => name !== from) ?? from;
    const mark = run.mark(
      `client process ${plan.clientId} SIGKILLed${plan.kind === "publish" ? " from outside" : plan.kind === "transaction" ? " mid-transaction" : " mid-stream"}`,
    );
    run.balancer.move([plan.clientId], to, { cut: true });
    const restartedAt = Date.now();
    const die = dies.shift();
    child.start({ resume: true, ...(die ? { die } : {}) });
    await run.clientRecovered(mark, child, restartedAt, `restarted on gateway ${to}, same client id`);
  }
}

async function kills(run: LoadRun): Promise<void> {
  const following = run.plans.flatMap((plan) => {
    const child = run.processes.get(plan.clientId);
    return child ? [follow(run, plan, child)] : [];
  });
  const outside = run.plans.find((plan) => plan.kind === "publish" && run.processes.has(plan.clientId));
  const victim = outside && run.processes.get(outside.clientId);
  if (victim) {
    await run.load.waitForProgress(0.4, run.settings.loadMs * 3);
    // Mid-call, most likely: a paced publish client is in a call about half of the time.
    await sleep(Math.random() * 200);
    await victim.kill();
  }
  await Promise.all(following);
}

export const clientKill: Scenario = {
  ...scenario,
  needsCluster: false,
  run: (context) =>
    runLoadScenario(context, { scenario, clients: clients(context.settings.quick), faults: kills }),
};
