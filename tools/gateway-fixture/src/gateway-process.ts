// A gateway as users run it: its own Node process started from apps/gateway/src/main.ts,
// on a free port and with a transactional.id prefix of its own, so that several fixtures
// (Nx runs up to three test targets at once) share the broker without sharing producers.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { FIXTURE_CACHE, GATEWAY_MAIN } from "./paths.ts";

export interface GatewayProcess {
  readonly address: string;
  readonly prefix: string;
  /** The file the gateway's JSON log lines go to. */
  readonly logFile: string;
  /** Stops the gateway gracefully (SIGTERM), or kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export async function startGatewayProcess(options: {
  readonly name: string;
  readonly brokers: readonly string[];
  readonly flags?: Readonly<Record<string, string>>;
}): Promise<GatewayProcess> {
  const prefix = `${options.name}-${randomBytes(4).toString("hex")}-`;
  const flags: Record<string, string> = {
    listen: "127.0.0.1:0",
    brokers: options.brokers.join(","),
    "transactional-id-prefix": prefix,
    "shutdown-grace-ms": "2000",
    ...options.flags,
  };
  mkdirSync(join(FIXTURE_CACHE, "logs"), { recursive: true });
  const logFile = join(FIXTURE_CACHE, "logs", `${prefix}gateway.log`);
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [GATEWAY_MAIN, ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value])],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stderr?.pipe(log, { end: false });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const address = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      log.write(`${line}\n`);
      try {
        const entry = JSON.parse(line) as { address?: unknown; msg?: unknown };
        if (typeof entry.address === "string" && String(entry.msg).includes("listening on")) {
          resolve(entry.address);
        }
      } catch {
        // not a JSON log line
      }
    });
    exited.then(
      ([code, signal]) =>
        reject(new Error(`the gateway exited (${code ?? signal}) before listening; see ${logFile}`)),
      reject,
    );
  });
  return {
    address,
    prefix,
    logFile,
    stop: (graceMs = 10_000) => stop(child, exited, graceMs).finally(() => log.end()),
  };
}

async function stop(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
