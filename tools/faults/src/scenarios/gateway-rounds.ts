// Gateway faults in rounds, as Kafka's own transactions system test bounces its copiers: at
// 20%, 40%, 60% of the load one gateway goes down (SIGKILL, or SIGTERM for a graceful stop),
// the balancer moves its clients to the other, the gateway comes back, and half of the clients
// are moved back to it, cutting their connections (a balancer spreading load again).
import { type ClientPlan, publishCount, publishKey } from "../load/plan.ts";
import type { FaultMark, LoadRun } from "./load-run.ts";

/** How long a balancer's health check takes to notice a dead gateway. */
const DETECTION_MS = 500;

export type GatewayStop = "kill" | "terminate";

/**
 * The first round's SIGKILL is placed by the gateway itself: right after it committed the
 * publish of a publish client at about 20% of that client's work, before it answered
 * (the gateway's test-only hook). That is the window where only durable idempotency keys
 * keep the client's retry, through the other gateway, from writing a second copy.
 */
export function crashHookFlags(
  gateway: string,
  plans: readonly ClientPlan[],
): Record<string, string> | undefined {
  if (gateway !== "A") return undefined;
  // Clients are routed to the gateways in turn: even ones to A.
  const plan = plans.find((candidate, index) => candidate.kind === "publish" && index % 2 === 0);
  if (!plan) return undefined;
  const key = publishKey(plan.clientId, Math.floor(publishCount(plan) * 0.2));
  return { "test-crash-after-commit-of-key": key };
}

export async function gatewayRounds(
  run: LoadRun,
  stop: GatewayStop,
  options: { crashHook: boolean },
): Promise<void> {
  const names = run.fleet.names;
  for (let round = 1; round <= run.settings.rounds; round++) {
    const hooked = round === 1 && options.crashHook && stop === "kill";
    // The hooked crash comes by itself, at about 20%.
    if (!hooked) await run.load.waitForProgress(0.2 * round, run.settings.loadMs * 3);
    // Alternate, starting with A; a gateway with no client would prove nothing.
    let victim = names[(round - 1) % names.length] ?? "A";
    if (run.balancer.clientsOn(victim).length === 0) victim = other(names, victim);
    const survivor = other(names, victim);
    const moved = run.balancer.clientsOn(victim);
    let mark: FaultMark;
    let since: number | undefined;
    let stopNote = "";
    if (hooked) {
      // Gateway A kills itself between a commit and its answer (crashHookFlags).
      const gateway = run.fleet.gateway(victim);
      const exit = await Promise.race([
        gateway.exited.then((how) => ({ how, at: Date.now() })),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), run.settings.loadMs)),
      ]);
      if (exit === undefined) {
        run.notes.push("the crash-after-commit hook did not fire in time: SIGKILL instead");
        mark = run.mark(`SIGKILL gateway ${victim} (${moved.length} clients)`);
        await run.fleet.kill(victim);
      } else {
        const how = exit.how.signal ?? `exit ${exit.how.code}`;
        mark = run.mark(
          `gateway ${victim} ${how} between a commit and its answer (crash hook; ${moved.length} clients)`,
          exit.at,
        );
      }
    } else if (stop === "kill") {
      mark = run.mark(`SIGKILL gateway ${victim} (${moved.length} clients)`);
      await run.fleet.kill(victim);
    } else {
      // A graceful stop: the balancer drains it first (new connections go elsewhere).
      mark = run.mark(`SIGTERM gateway ${victim} (${moved.length} clients, drained to ${survivor})`);
      run.balancer.move(moved, survivor, { cut: false });
      const exit = await run.fleet.terminate(victim);
      if (exit.code !== 0) run.notes.push(`gateway ${victim} exited ${exit.code ?? exit.signal} on SIGTERM`);
      // In-flight calls may finish during the stop: count from the moment it is gone.
      since = Date.now();
      stopNote = `; it stopped in ${((since - mark.at) / 1000).toFixed(1)} s, counted from then`;
    }
    if (stop === "kill") {
      await new Promise((resolve) => setTimeout(resolve, DETECTION_MS));
      run.balancer.move(moved, survivor, { cut: false });
    }
    await run.recovered(mark, {
      ...(since === undefined ? {} : { since }),
      note: `${moved.length} clients moved to ${survivor}${stopNote}`,
    });

    await run.fleet.start(victim);
    const back = run.balancer.clientsOn(survivor).filter((_, index) => index % 2 === 0);
    const move = run.mark(
      `${back.length} clients moved back to the restarted gateway ${victim} (connections cut)`,
    );
    run.balancer.move(back, victim, { cut: true });
    await run.recovered(move);
  }
}

function other(names: readonly string[], name: string): string {
  return names.find((candidate) => candidate !== name) ?? name;
}
