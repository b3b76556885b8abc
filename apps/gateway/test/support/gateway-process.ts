import { randomUUID } from "node:crypto";
import {
  type GatewayExit,
  gatewayEntryPoints,
  type GatewayProcess as LaunchedGateway,
  launchGateway,
} from "@onceport/gateway-fixture/launcher";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { afterEach } from "vitest";
import { GatewayClient } from "./gateway-client.ts";

/** A gateway process with a raw client of it, closed when the gateway is killed. */
export interface GatewayProcess extends LaunchedGateway {
  readonly client: GatewayClient;
}

/**
 * A gateway as users run it: its own Node process started from main.ts, on a
 * free port. Several of them share one transactional.id prefix when a test
 * moves a client between gateways.
 */
export interface GatewayProcessOptions {
  prefix?: string;
  env?: Record<string, string>;
  flags?: Record<string, string>;
  /** Test-only hooks (`test-crash-after-commit-of-key`, ...): the test entry point runs instead of main.ts. */
  testFlags?: Record<string, string>;
  /** Another entry point (the built dist/main.js), and Node options before it. */
  script?: string;
  nodeArgs?: string[];
  /** Serves the gateway's metrics for Prometheus on this port (telemetry loaded as `npm start` does). */
  metricsPort?: number;
}

/** A starter of gateway processes for a suite: every one it started is SIGKILLed after each test. */
export function useGatewayProcesses(): (options?: GatewayProcessOptions) => Promise<GatewayProcess> {
  const running: GatewayProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((gateway) => gateway.kill("SIGKILL")));
  });
  return async (options = {}) => {
    const gateway = await startGatewayProcess(options);
    running.push(gateway);
    return gateway;
  };
}

export async function startGatewayProcess(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const metrics =
    options.metricsPort === undefined
      ? {}
      : {
          OTEL_METRICS_EXPORTER: "prometheus",
          OTEL_EXPORTER_PROMETHEUS_HOST: "127.0.0.1",
          OTEL_EXPORTER_PROMETHEUS_PORT: String(options.metricsPort),
          OTEL_TRACES_EXPORTER: "none",
        };
  const preload = options.metricsPort === undefined ? [] : ["--import", gatewayEntryPoints.telemetry];
  const gateway = await launchGateway({
    flags: {
      brokers: LOCAL_BROKERS.join(","),
      "transactional-id-prefix": options.prefix ?? `proc-${randomUUID().slice(0, 8)}-`,
      "shutdown-grace-ms": "2000",
      ...options.flags,
    },
    ...(options.testFlags === undefined ? {} : { testFlags: options.testFlags }),
    ...(options.script === undefined ? {} : { entry: options.script }),
    nodeArgs: [...(options.nodeArgs ?? []), ...preload],
    env: { ...metrics, ...options.env },
    // Tests read the whole log (an "internal error" line anywhere fails the fuzz suite).
    keepLogLines: Number.POSITIVE_INFINITY,
  });
  const client = new GatewayClient(gateway.address);
  return {
    ...gateway,
    client,
    kill: async (signal?: NodeJS.Signals): Promise<GatewayExit> => {
      client.close();
      return await gateway.kill(signal);
    },
  };
}
