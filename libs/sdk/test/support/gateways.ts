import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { createLogger, loadConfig, type RunningGateway, startGateway } from "@onceport/gateway";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";

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

export interface GatewayProcess {
  readonly address: string;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const gatewaySrc = dirname(createRequire(import.meta.url).resolve("@onceport/gateway"));
const gatewayMain = join(gatewaySrc, "main.ts");
/** main.ts plus the gateway's test-only fault hooks (never in its build). */
const gatewayTestMain = join(gatewaySrc, "testing", "test-main.ts");

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
  const args = flagsOf({
    listen: options.listen ?? "127.0.0.1:0",
    brokers: LOCAL_BROKERS.join(","),
    "transactional-id-prefix": options.prefix,
    "shutdown-grace-ms": "2000",
    "log-level": "info",
    ...options.flags,
    ...options.testFlags,
  });
  const entry = options.testFlags === undefined ? gatewayMain : gatewayTestMain;
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const log: string[] = [];
  const address = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (log.length < 200) log.push(line);
      try {
        const entry = JSON.parse(line) as { address?: string; msg?: string };
        if (entry.address && entry.msg?.includes("listening on")) resolve(entry.address);
      } catch {
        // not a log object
      }
    });
    exited.then(
      ({ code, signal }) =>
        reject(new Error(`gateway exited (${code ?? signal}) before listening:\n${log.join("\n")}`)),
      reject,
    );
  });
  return {
    address,
    child,
    exited,
    kill: async (signal = "SIGKILL") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
