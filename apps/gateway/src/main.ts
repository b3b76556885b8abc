import { describeSecurity } from "./auth/index.ts";
import { ConfigError, configHelp, loadConfig } from "./config.ts";
import { startGateway } from "./gateway.ts";
import { createLogger } from "./logger.ts";
import { startGatewayTelemetry, stopGatewayTelemetry } from "./telemetry/process-telemetry.ts";

// The gateway process: configuration, start, and a graceful stop on SIGTERM/SIGINT.
if (process.argv.includes("--help")) {
  process.stdout.write(`${configHelp()}\n`);
  process.exit(0);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof TypeError ? error.message : String(error)}\n`,
  );
  process.exit(2);
}

const logger = createLogger(config.logLevel);
// Started already when run with `--import ./src/telemetry/register.ts` (npm start); else now.
await startGatewayTelemetry();
try {
  const gateway = await startGateway(config, logger);
  // Without authentication anyone can fence anyone: a warning, not an info line.
  const security = describeSecurity(config.security);
  logger[security.insecure ? "warn" : "info"](
    {
      address: gateway.address,
      brokers: config.brokers,
      receiptsTopic: config.receiptsTopic,
    },
    `Onceport gateway listening on ${gateway.address}: ${security.summary}`,
  );
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(1);
    logger.info({ signal, graceMs: config.shutdownGraceMs }, "stopping");
    gateway.stop().then(
      async () => {
        await stopGatewayTelemetry(); // the spans still buffered
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
} catch (error) {
  logger.fatal({ err: error }, "the gateway could not start");
  process.exit(1);
}
