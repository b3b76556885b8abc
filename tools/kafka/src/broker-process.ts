// The broker JVM as an OS process: launch it detached, find it again through its pid file,
// signal it. Only ever the pid from the pid file is signalled, and only after checking that
// this pid still is our broker (pids get reused), never anything found by name.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { classpath, javaBinary, loggingOption } from "./java.ts";
import type { NodeSpec } from "./node-spec.ts";
import { nodeFiles } from "./node-spec.ts";
import { renderLoggingConfig } from "./server-config.ts";
import type { KafkaVersion } from "./versions.ts";
import { kafkaRelease } from "./versions.ts";

/** Put on the JVM's command line so that a pid can be told to be this node's broker. */
function markerOption(spec: NodeSpec): string {
  return `-Donceport.kafka.node=${spec.dir}`;
}

const VERSION_OPTION = "-Donceport.kafka.version=";

function readCmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return undefined;
  }
}

/**
 * The Kafka version a broker process of this tool runs, from its command line: the version
 * option it was launched with, or (brokers launched before that option existed) the
 * `.cache/kafka/<version>/libs` of its classpath. Undefined without /proc.
 */
export function runningVersion(pid: number): string | undefined {
  const args = readCmdline(pid);
  if (!args) return undefined;
  const option = args.find((arg) => arg.startsWith(VERSION_OPTION));
  if (option) return option.slice(VERSION_OPTION.length);
  const cpIndex = args.indexOf("-cp");
  const cp = cpIndex >= 0 ? args[cpIndex + 1] : undefined;
  return cp ? /[\\/]kafka[\\/]([^\\/]+)[\\/]libs[\\/]/.exec(cp)?.[1] : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but is not ours to signal; treat it as alive (and not ours, see below).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // A zombie (exited, not yet reaped by its parent) still answers kill(0).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true; // no /proc (not Linux): kill(0) is all we know
  }
}

/** Whether `pid` runs this node's broker. Without /proc we cannot tell, and trust the pid file. */
function isThisBroker(pid: number, spec: NodeSpec): boolean {
  const args = readCmdline(pid);
  if (!args) return process.platform !== "linux" && isAlive(pid);
  return args.includes(markerOption(spec));
}

/** The pid of this node's running broker, from its pid file; removes a stale pid file. */
export async function runningPid(spec: NodeSpec): Promise<number | undefined> {
  const { pidFile } = nodeFiles(spec);
  let text: string;
  try {
    text = await readFile(pidFile, "utf8");
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isThisBroker(pid, spec)) return pid;
  await rm(pidFile, { force: true });
  return undefined;
}

/**
 * Starts the broker (`kafka.Kafka`) of `version` detached: in its own process group, so Ctrl-C
 * in a terminal or the end of a test run does not take it down, with stdout/stderr appended
 * to the console log.
 */
export async function launchBroker(spec: NodeSpec, libsDir: string, version: KafkaVersion): Promise<number> {
  const release = kafkaRelease(version);
  const files = nodeFiles(spec);
  await mkdir(files.logsDir, { recursive: true });
  const args = [
    "-Xmx512m",
    "-Xms256m",
    // The JVM options kafka-run-class.sh uses by default.
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
    loggingOption(release, renderLoggingConfig(spec, version).file),
    `-Dkafka.logs.dir=${files.logsDir}`,
    markerOption(spec),
    `${VERSION_OPTION}${version}`,
    "-cp",
    classpath(libsDir),
    release.classes.broker,
    files.serverProperties,
  ];
  const consoleFd = openSync(files.consoleLog, "a");
  try {
    const child = spawn(javaBinary(), args, {
      cwd: spec.dir,
      detached: true,
      stdio: ["ignore", consoleFd, consoleFd],
    });
    const pid = await new Promise<number>((resolvePromise, reject) => {
      child.once("error", (error) => reject(new Error(`could not run ${javaBinary()}: ${error.message}`)));
      child.once("spawn", () => resolvePromise(child.pid ?? -1));
    });
    // Let this Node process exit while the broker runs on.
    child.unref();
    await writeFile(files.pidFile, `${pid}\n`);
    return pid;
  } finally {
    closeSync(consoleFd);
  }
}

/** Polls until `pid` has exited; false on timeout. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

export type StopOutcome = "not-running" | "stopped" | "killed";

/**
 * SIGTERM (Kafka's controlled shutdown), escalating to SIGKILL after `graceMs`.
 * With `signal: "SIGKILL"` it is a hard kill straight away, as a crash would be.
 */
export async function stopBrokerProcess(
  spec: NodeSpec,
  options: { signal?: "SIGTERM" | "SIGKILL"; graceMs?: number } = {},
): Promise<{ outcome: StopOutcome; pid?: number }> {
  const pid = await runningPid(spec);
  if (pid === undefined) return { outcome: "not-running" };
  const signal = options.signal ?? "SIGTERM";
  process.kill(pid, signal);
  let outcome: StopOutcome = signal === "SIGKILL" ? "killed" : "stopped";
  if (!(await waitForExit(pid, signal === "SIGKILL" ? 10_000 : (options.graceMs ?? 30_000)))) {
    // E.g. the last node of the cluster: its controlled shutdown waits for a controller quorum.
    process.stderr.write(`[kafka] ${spec.label} (pid ${pid}) still shutting down: sending SIGKILL\n`);
    process.kill(pid, "SIGKILL");
    outcome = "killed";
    if (!(await waitForExit(pid, 10_000)))
      throw new Error(`${spec.label} (pid ${pid}) did not exit after SIGKILL`);
  }
  await rm(nodeFiles(spec).pidFile, { force: true });
  return { outcome, pid };
}
