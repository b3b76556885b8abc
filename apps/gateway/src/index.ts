export type { GatewayComposition } from "./composition.ts";
export {
  ConfigError,
  configHelp,
  type GatewayConfig,
  loadConfig,
  loadEffectiveConfig,
  parseGatewayCommandLine,
  settings,
} from "./config.ts";
export { type RunningGateway, startGateway } from "./gateway.ts";
export { createLogger, type Logger } from "./logger.ts";
