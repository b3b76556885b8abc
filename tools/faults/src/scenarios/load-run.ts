// What a fault script works with while the load runs: the gateways, the balancer, the load,
// and the record of each fault with the time the load took to be served again.
import type { Balancer } from "../fleet/balancer.ts";
import type { GatewayFleet } from "../fleet/gateway-fleet.ts";
import type { ClientProcess } from "../load/client-process.ts";
import type { LoadGenerator, LoadHandle } from "../load/load-generator.ts";
import type { ClientPlan } from "../load/plan.ts";
import type { FaultRecord } from "../report/result.ts";
import type { ScenarioContext } from "./scenario.ts";

export interface FaultMark {
  readonly at: number;
  readonly progress: number;
  readonly what: string;
}

export class LoadRun {
  readonly context: ScenarioContext;
  readonly fleet: GatewayFleet;
  readonly balancer: Balancer;
  readonly load: LoadGenerator;
  readonly plans: readonly ClientPlan[];
  /** Clients that run as processes of their own, by client id. */
  readonly processes: ReadonlyMap<string, ClientProcess>;
  readonly startedAt = Date.now();
  readonly faults: FaultRecord[] = [];
  readonly notes: string[] = [];
  readonly figures: Record<string, number | string> = {};

  constructor(parts: {
    context: ScenarioContext;
    fleet: GatewayFleet;
    balancer: Balancer;
    load: LoadGenerator;
    plans: readonly ClientPlan[];
    processes: ReadonlyMap<string, ClientProcess>;
  }) {
    this.context = parts.context;
    this.fleet = parts.fleet;
    this.balancer = parts.balancer;
    this.load = parts.load;
    this.plans = parts.plans;
    this.processes = parts.processes;
  }

  get settings() {
    return this.context.settings;
  }

  log(line: string): void {
    this.context.log(line);
  }

  /** A fault, injected now (or at `at`). */
  mark(what: string, at = Date.now()): FaultMark {
    const mark = { at, progress: this.load.progress(), what };
    this.log(`fault at ${Math.round(mark.progress * 100)}%: ${what}`);
    return mark;
  }

  /**
   * Waits until every busy client was served again after `since` (default: the fault
   * itself) and records the fault with that time; a client still waiting after the
   * liveness bound fails the scenario.
   */
  async recovered(mark: FaultMark, options: { since?: number; note?: string } = {}): Promise<void> {
    const since = options.since ?? mark.at;
    const recovery = await this.load.recovery(since, this.settings.livenessBoundMs);
    this.record(mark, recovery.ms, recovery.waitingFor, options.note);
  }

  /** As `recovered`, for one client (a client process that was restarted). */
  async clientRecovered(mark: FaultMark, handle: LoadHandle, since: number, note?: string): Promise<void> {
    const deadline = since + this.settings.livenessBoundMs;
    for (;;) {
      const first = handle.ackTimes.find((time) => time > since);
      if (first !== undefined || handle.done) {
        this.record(mark, first === undefined ? 0 : first - since, [], note);
        return;
      }
      if (Date.now() > deadline) {
        this.record(mark, undefined, [handle.clientId], note);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private record(
    mark: FaultMark,
    ms: number | undefined,
    waitingFor: readonly string[],
    note?: string,
  ): void {
    this.faults.push({
      atMs: mark.at - this.startedAt,
      progress: mark.progress,
      what: mark.what,
      recoveryMs: ms,
      ...(waitingFor.length > 0 ? { waitingFor } : {}),
      ...(note === undefined ? {} : { note }),
    });
    this.log(
      ms === undefined
        ? `  not served again within ${this.settings.livenessBoundMs} ms: ${waitingFor.join(", ")}`
        : `  served again after ${ms} ms`,
    );
  }
}
