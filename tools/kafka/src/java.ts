// How this tool runs Java: the JDK from JAVA_HOME when set, else `java` on PATH, with the
// resolved Kafka jars as classpath.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { KafkaRelease } from "./versions.ts";

export function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, "bin", "java") : "java";
}

/** `<libs>/*` is expanded by the JVM itself, so no shell (and no argument length limit) is involved. */
export function classpath(libsDir: string): string {
  return join(libsDir, "*");
}

/**
 * The JVM option that points the version's logging at `configFile`: log4j 1 (reload4j, Kafka
 * 3.x) reads `log4j.configuration`, log4j2 (Kafka 4.x) `log4j2.configurationFile`, as
 * kafka-run-class.sh of each version sets them.
 */
export function loggingOption(release: KafkaRelease, configFile: string): string {
  const url = pathToFileURL(configFile).href;
  return release.logging === "log4j2" ? `-Dlog4j2.configurationFile=${url}` : `-Dlog4j.configuration=${url}`;
}

/** Runs a short-lived Java tool to completion and returns its exit code and combined output. */
export async function runJava(args: readonly string[]): Promise<{ code: number; output: string }> {
  return await new Promise((resolvePromise, reject) => {
    const child = spawn(javaBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.once("error", (error) => reject(new Error(`could not run ${javaBinary()}: ${error.message}`)));
    child.once("close", (code, signal) =>
      resolvePromise({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString("utf8") }),
    );
  });
}
