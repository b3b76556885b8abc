// @onceport/gateway-fixture/launcher: start a gateway process and wait until it listens.
export { gatewayEntryPoints } from "./entry-points.ts";
export type { GatewayExit, GatewayProcess, LaunchGatewayOptions } from "./launch-gateway.ts";
export { launchGateway } from "./launch-gateway.ts";
