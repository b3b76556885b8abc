// How this tool runs Java: the JDK from JAVA_HOME when set, else `java` on PATH, with the
// resolved Kafka jars as classpath.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, "bin", "java") : "java";
}

/** `<libs>/*` is expanded by the JVM itself, so no shell (and no argument length limit) is involved. */
export function classpath(libsDir: string): string {
  return join(libsDir, "*");
}

export function log4jOption(log4jProperties: string): string {
  return `-Dlog4j.configuration=${pathToFileURL(log4jProperties).href}`;
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
