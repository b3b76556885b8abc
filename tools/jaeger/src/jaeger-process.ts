import { spawn } from "node:child_process";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureJaegerBinary } from "./build.ts";
import { logFile, pidFile, ports, queryUrl, runDir } from "./paths.ts";

export interface JaegerStatus {
  readonly running: boolean;
  readonly pid?: number;
  readonly queryUrl: string;
}

async function readPid(): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(pidFile, "utf8")).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when Jaeger's query API answers. */
export async function jaegerAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${queryUrl}/api/v3/services`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function jaegerStatus(): Promise<JaegerStatus> {
  const pid = await readPid();
  const running = pid !== undefined && alive(pid);
  return running ? { running, pid, queryUrl } : { running: await jaegerAnswers(), queryUrl };
}

/**
 * Starts Jaeger with its default configuration (in-memory storage; OTLP on
 * 4317/4318, the query API on 16686, all on loopback), building it first if
 * needed; reuses a running one.
 * Returns whether this call started it.
 */
export async function startJaeger(log: (line: string) => void = () => {}): Promise<{ startedHere: boolean }> {
  if (await jaegerAnswers()) return { startedHere: false };
  const binary = await ensureJaegerBinary(log);
  await mkdir(runDir, { recursive: true });
  const output = await open(logFile, "a");
  const settings = [
    // Its default configuration, but the query API on loopback too (the rest listens there already)...
    `--set=extensions.jaeger_query.http.endpoint=127.0.0.1:${ports.query}`,
    "--set=extensions.jaeger_query.grpc.endpoint=127.0.0.1:16685",
    // ...and the query service not tracing itself to 4317, which made each stop wait 10 s on it.
    "--set=extensions.jaeger_query.enable_tracing=false",
  ];
  const child = spawn(binary, settings, {
    detached: true,
    stdio: ["ignore", output.fd, output.fd],
    // Jaeger would trace itself into its own OTLP port, and wait on that at shutdown.
    env: { ...process.env, OTEL_TRACES_EXPORTER: "none" },
  });
  await output.close();
  if (child.pid === undefined) throw new Error("Jaeger did not start");
  await writeFile(pidFile, String(child.pid));
  child.unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await jaegerAnswers()) return { startedHere: true };
    if (!alive(child.pid)) break;
    await sleep(250);
  }
  const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-20).join("\n");
  throw new Error(`Jaeger did not come up; the end of ${logFile}:\n${tail}`);
}

/** Stops the Jaeger this checkout started (by its pid file only). */
export async function stopJaeger(): Promise<boolean> {
  const pid = await readPid();
  if (pid === undefined || !alive(pid)) {
    await rm(pidFile, { force: true });
    return false;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
  await rm(pidFile, { force: true });
  return true;
}
