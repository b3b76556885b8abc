import { brokerBounce } from "./broker-bounce.ts";
import { clientKill } from "./client-kill.ts";
import { gatewayKill } from "./gateway-kill.ts";
import { gatewayTerm } from "./gateway-term.ts";
import { networkFaults } from "./network-faults.ts";
import { processWorkers } from "./process-workers.ts";
import type { Scenario } from "./scenario.ts";
import { zombieGateway } from "./zombie-gateway.ts";

/** Every scenario, in the order of issue 8 and of the report. */
export const scenarios: readonly Scenario[] = [
  gatewayKill,
  gatewayTerm,
  zombieGateway,
  brokerBounce,
  networkFaults,
  clientKill,
  processWorkers,
];
