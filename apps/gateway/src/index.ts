// First: kafkajs's produce speedups must be in place before kafkajs loads.
import "./kafka/kafkajs-speedups.ts";

export { ConfigError, configHelp, type GatewayConfig, loadConfig } from "./config.ts";
export { type RunningGateway, startGateway } from "./gateway.ts";
export { createLogger, type Logger } from "./logger.ts";
