import { randomUUID } from "node:crypto";
import { createLogger, loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { type GatewayProcess, launchGateway } from "@onceport/gateway-fixture/launcher";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";

export type { GatewayProcess } from "@onceport/gateway-fixture/launcher";

/** A transactional.id prefix of a test's own, so tests never fence each other. */
export function uniquePrefix(label: string): string {
  return `sdk-${label}-${randomUUID().slice(0, 8)}-`;
}

/** A client id nobody else uses. */
export function uniqueClientId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

function flagsOf(flags: Record<string, string>): string[] {
  return Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]);
}

/** A gateway in this process, on a free port, against the local broker. */
export async function startInProcessGateway(flags: Record<string, string> = {}): Promise<RunningGateway> {
  const config = loadConfig(
    flagsOf({
      listen: "127.0.0.1:0",
      brokers: LOCAL_BROKERS.join(","),
      "transactional-id-prefix": uniquePrefix("inproc"),
      "log-level": process.env.ONCEPORT_TEST_LOG_LEVEL ?? "warn",
      ...flags,
    }),
    {},
  );
  return startGateway(config, createLogger(config.logLevel));
}

/**
 * A gateway as users run it, its own process (`node apps/gateway/src/main.ts`),
 * so a test can SIGKILL it. `listen` may name the port of a gateway that died,
 * to restart "the same" gateway.
 */
export async function startGatewayProcess(options: {
  prefix: string;
  listen?: string;
  env?: Record<string, string>;
  flags?: Record<string, string>;
  /** Test-only hooks such as `test-crash-after-commit-of-key`: the test entry point runs. */
  testFlags?: Record<string, string>;
}): Promise<GatewayProcess> {
  return await launchGateway({
    flags: {
      listen: options.listen ?? "127.0.0.1:0",
      brokers: LOCAL_BROKERS.join(","),
      "transactional-id-prefix": options.prefix,
      "shutdown-grace-ms": "2000",
      "log-level": "info",
      ...options.flags,
    },
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.testFlags === undefined ? {} : { testFlags: options.testFlags }),
  });
}
