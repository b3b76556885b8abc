// @onceport/faults: the fault suite (npm run faults). See README.md.
export { type AuditSummary, auditScenario } from "./audit/audit-scenario.ts";
export { Balancer } from "./fleet/balancer.ts";
export { GatewayFleet } from "./fleet/gateway-fleet.ts";
export { BrokerProxies } from "./kafka/broker-proxies.ts";
export { LoadClient } from "./load/load-client.ts";
export { LoadGenerator } from "./load/load-generator.ts";
export { TcpProxy, type TcpProxyStats } from "./net/tcp-proxy.ts";
export { parseOptions, type RunOptions } from "./options.ts";
export type { FaultRecord, RunResult, ScenarioResult } from "./report/result.ts";
export { runMatrix } from "./run-matrix.ts";
export { scenarios } from "./scenarios/catalog.ts";
