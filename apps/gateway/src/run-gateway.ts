import { describeSecurity } from "./auth/index.ts";
import type { GatewayComposition } from "./composition.ts";
import { configFileFormat } from "./config/config-file.ts";
import { printConfig } from "./config/print-config.ts";
import {
  ConfigError,
  configHelp,
  type GatewayConfig,
  loadEffectiveConfig,
  parseGatewayCommandLine,
  settings,
} from "./config.ts";
import { startGateway } from "./gateway.ts";
import { createLogger } from "./logger.ts";
import { startGatewayTelemetry, stopGatewayTelemetry } from "./telemetry/process-telemetry.ts";

export interface GatewayProcessOptions {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Parts in place of the standard ones (the test entry point's hooks); main.ts gives none. */
  readonly composition?: GatewayComposition;
  /** Lines --help prints after the settings. */
  readonly moreHelp?: string;
}

/**
 * The gateway process: --help, --print-config, or the configuration, start, and a graceful
 * stop on SIGTERM/SIGINT. A bad setting ends it with exit code 2 and one message.
 */
export async function runGatewayProcess(options: GatewayProcessOptions): Promise<void> {
  // Help first, so that it shows even when the other flags are wrong.
  if (options.argv.includes("--help")) {
    process.stdout.write(`${configHelp()}\n${options.moreHelp ?? ""}`);
    return;
  }
  let config: GatewayConfig;
  try {
    const commandLine = parseGatewayCommandLine(options.argv);
    const effective = loadEffectiveConfig(commandLine, options.env);
    if (commandLine.printConfig) {
      const file = effective.resolved.configFile;
      process.stdout.write(printConfig(settings, effective.resolved, file ? configFileFormat(file) : "yaml"));
      return;
    }
    config = effective.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  await serve(config, options);
}

async function serve(config: GatewayConfig, options: GatewayProcessOptions): Promise<void> {
  const logger = createLogger(config.logLevel);
  // OpenTelemetry reads the process's own environment.
  telemetryEnvironment(process.env);
  // Started already when run with `--import ./src/telemetry/register.ts` (npm start); else now.
  await startGatewayTelemetry();
  try {
    const gateway = await startGateway(config, logger, options.composition);
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

  /** The telemetry settings given in the config file or as flags, as the OTEL_* variables they are. */
  function telemetryEnvironment(env: NodeJS.ProcessEnv): void {
    const { telemetry } = config;
    const values: Record<string, string> = {
      [settings["telemetry-service-name"].env]: telemetry.serviceName,
      [settings["telemetry-otlp-endpoint"].env]: telemetry.otlpEndpoint,
      [settings["telemetry-traces-exporter"].env]: telemetry.tracesExporter,
      [settings["telemetry-metrics-exporter"].env]: telemetry.metricsExporter,
      [settings["telemetry-metrics-host"].env]: telemetry.metricsHost,
      [settings["telemetry-metrics-port"].env]: telemetry.metricsPort,
    };
    for (const [name, value] of Object.entries(values)) if (value !== "") env[name] = value;
  }
}
