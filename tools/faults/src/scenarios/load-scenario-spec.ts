// What a load scenario is made of: its clients, gateways and faults. Apart from the runner
// (load-scenario.ts) so that what reads a spec (the result, each scenario) need not import it.
import type { ClientProcessSpec } from "../load/client-process.ts";
import type { ClientPlan, LoadKind } from "../load/plan.ts";
import type { LoadRun } from "./load-run.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

export interface ClientSpec {
  readonly kind: LoadKind;
  /** A process of its own, which the scenario may kill (ClientProcess). */
  readonly process?: boolean;
  /** For a process: how its first incarnation starts (where it dies, say). */
  readonly firstStart?: (plan: ClientPlan) => Partial<ClientProcessSpec>;
}

export interface LoadScenarioSpec {
  readonly scenario: Pick<Scenario, "name" | "title" | "description">;
  /** Gateway names; clients are spread over them in turn. Default A and B. */
  readonly gateways?: readonly string[];
  readonly gatewayFlags?: Readonly<Record<string, string>>;
  /** Test flags of a gateway's first start (a fault hook), from the plans. */
  readonly firstStartTestFlags?: (
    gateway: string,
    plans: readonly ClientPlan[],
  ) => Record<string, string> | undefined;
  /** Default: the settings' number of clients, publish, transaction and stream in turn. */
  readonly clients?: readonly ClientSpec[];
  /** The brokers gateways are given, when not the direct ones (the network proxies). */
  readonly gatewayBrokers?: readonly string[];
  /** Before the gateways start (and after everything, via the returned function). */
  readonly prepare?: (context: ScenarioContext) => Promise<(() => Promise<void>) | undefined>;
  readonly faults: (run: LoadRun) => Promise<void>;
}
