export { ConfigError, configHelp, type GatewayConfig, loadConfig } from "./config.ts";
export { type RunningGateway, startGateway } from "./gateway.ts";
export { createLogger, type Logger } from "./logger.ts";
