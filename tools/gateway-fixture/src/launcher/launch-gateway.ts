// The one way every suite and tool starts a gateway as users run it: a Node process of its
// own (so it can be SIGKILLed, SIGSTOPped, profiled, and never shares the caller's event
// loop), ready once it logged "listening on" with its address.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { gatewayEntryPoints } from "./entry-points.ts";
import { GatewayLog, listeningAddress } from "./gateway-log.ts";

export interface LaunchGatewayOptions {
  /** Gateway flags without the leading `--`; `listen` is 127.0.0.1:0 (a free port) unless given. */
  readonly flags?: Readonly<Record<string, string>>;
  /** Test-only hooks (`test-crash-after-commit-of-key`, ...), without `--`: the test entry point runs. */
  readonly testFlags?: Readonly<Record<string, string>>;
  /** The script to run (a built dist/main.js, a changed copy of main.ts); see gatewayEntryPoints. */
  readonly entry?: string;
  /** Node options before the script: `--cpu-prof`, `--import <gatewayEntryPoints.telemetry>`. */
  readonly nodeArgs?: readonly string[];
  /** Variables over this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Appends the log lines and stderr to this file; without one, stderr goes on to this process's. */
  readonly logFile?: string;
  /** How many of the first log lines stay in memory (`logLines`); 200 unless given. */
  readonly keepLogLines?: number;
  /** How long the gateway may take to listen before it is SIGKILLed; 90 s unless given. */
  readonly readyTimeoutMs?: number;
}

export interface GatewayExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface GatewayProcess {
  /** host:port, as the gateway logged it. */
  readonly address: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves once the process ended. */
  readonly exited: Promise<GatewayExit>;
  /** The first log lines (JSON objects, one a line), up to `keepLogLines`. */
  readonly logLines: readonly string[];
  readonly logFile: string | undefined;
  isAlive(): boolean;
  /** Sends `signal` if the process still runs (SIGSTOP and SIGCONT pause and resume it). */
  signal(signal: NodeJS.Signals): void;
  /** Sends `signal` (SIGKILL unless given) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<GatewayExit>;
  /** The graceful stop: SIGTERM, then SIGKILL if it still runs after `graceMs` (10 s unless given). */
  stop(graceMs?: number): Promise<GatewayExit>;
}

export async function launchGateway(options: LaunchGatewayOptions = {}): Promise<GatewayProcess> {
  const testFlags = options.testFlags ?? {};
  const hooked = Object.keys(testFlags).length > 0;
  const entry = options.entry ?? (hooked ? gatewayEntryPoints.testMain : gatewayEntryPoints.main);
  const flags = { listen: "127.0.0.1:0", ...options.flags, ...testFlags };
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      entry,
      ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value]),
    ],
    {
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = once(child, "exit").then(([code, signal]) => ({ code, signal }) as GatewayExit);
  const log = new GatewayLog(child, {
    ...(options.logFile === undefined ? {} : { file: options.logFile }),
    keep: options.keepLogLines ?? 200,
  });
  const address = await ready(child, exited, log, options.readyTimeoutMs ?? 90_000);
  return controls(child, exited, log, address);
}

function ready(
  child: ChildProcess,
  exited: Promise<GatewayExit>,
  log: GatewayLog,
  timeoutMs: number,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
    };
    const timer = setTimeout(() => {
      done();
      child.kill("SIGKILL");
      reject(new Error(`the gateway did not listen within ${timeoutMs} ms:\n${log.describe()}`));
    }, timeoutMs);
    const unsubscribe = log.onLine((line) => {
      const address = listeningAddress(line);
      if (address === undefined) return;
      done();
      resolve(address);
    });
    exited.then(
      ({ code, signal }) => {
        done();
        reject(new Error(`the gateway exited (${code ?? signal}) before listening:\n${log.describe()}`));
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

function controls(
  child: ChildProcess,
  exited: Promise<GatewayExit>,
  log: GatewayLog,
  address: string,
): GatewayProcess {
  if (child.pid === undefined) throw new Error("the gateway process has no pid");
  const isAlive = (): boolean => child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals): void => {
    if (isAlive()) child.kill(name);
  };
  return {
    address,
    port: Number(address.slice(address.lastIndexOf(":") + 1)),
    pid: child.pid,
    child,
    exited,
    logLines: log.lines,
    logFile: log.file,
    isAlive,
    signal,
    kill: async (name = "SIGKILL") => {
      signal(name);
      return await exited;
    },
    stop: async (graceMs = 10_000) => {
      signal("SIGTERM");
      signal("SIGCONT"); // a paused gateway acts on SIGTERM only once it runs again
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
