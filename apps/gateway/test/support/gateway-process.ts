import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { afterEach } from "vitest";
import { GatewayClient } from "./gateway-client.ts";

const mainScript = join(import.meta.dirname, "..", "..", "src", "main.ts");
/** main.ts plus the test-only fault hooks (src/testing, never built). */
const testMainScript = join(import.meta.dirname, "..", "..", "src", "testing", "test-main.ts");
const telemetryScript = join(import.meta.dirname, "..", "..", "src", "telemetry", "register.ts");

export interface GatewayProcess {
  readonly address: string;
  readonly client: GatewayClient;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process logged, one JSON object a line. */
  readonly logLines: string[];
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
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
  const flags = {
    listen: "127.0.0.1:0",
    brokers: LOCAL_BROKERS.join(","),
    "transactional-id-prefix": options.prefix ?? `proc-${randomUUID().slice(0, 8)}-`,
    "shutdown-grace-ms": "2000",
    ...options.flags,
    ...options.testFlags,
  };
  const entry = options.script ?? (options.testFlags === undefined ? mainScript : testMainScript);
  const metrics =
    options.metricsPort === undefined
      ? {}
      : {
          OTEL_METRICS_EXPORTER: "prometheus",
          OTEL_EXPORTER_PROMETHEUS_HOST: "127.0.0.1",
          OTEL_EXPORTER_PROMETHEUS_PORT: String(options.metricsPort),
          OTEL_TRACES_EXPORTER: "none",
        };
  const preload = options.metricsPort === undefined ? [] : ["--import", telemetryScript];
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...preload,
      entry,
      ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
    ],
    {
      env: { ...process.env, ...metrics, ...options.env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const logLines: string[] = [];
  const address = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      logLines.push(line);
      try {
        const entry = JSON.parse(line) as { address?: string; msg?: string };
        if (entry.address && entry.msg?.includes("listening on")) resolve(entry.address);
      } catch {
        // not a log object
      }
    });
    exited.then(
      ({ code, signal }) =>
        reject(new Error(`gateway exited (${code ?? signal}) before listening:\n${logLines.join("\n")}`)),
      reject,
    );
  });
  const client = new GatewayClient(address);
  return {
    address,
    client,
    child,
    exited,
    logLines,
    kill: async (signal = "SIGKILL") => {
      client.close();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
