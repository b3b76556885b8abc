// Resolves the broker's jars from Maven Central, once per version, with that version's small
// pom under maven/ (3.x and 4.x need different logging jars: reload4j vs log4j2).
//
// `mvn dependency:copy-dependencies -DincludeScope=runtime` is used because Kafka's own
// modules are `runtime` scope in kafka_2.13's pom: a compile-scope resolution would miss them.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withLock } from "./lock.ts";
import { displayPath, KAFKA_CACHE, libsDir, PACKAGE_DIR } from "./paths.ts";
import type { KafkaVersion } from "./versions.ts";
import { kafkaRelease, kafkaVersion } from "./versions.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC character is the point
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

/** Written only after a complete resolution, so an interrupted download is redone. */
function stampFile(version: KafkaVersion): string {
  return join(libsDir(version), ".resolved");
}

export function jarsResolved(version: KafkaVersion = kafkaVersion()): boolean {
  return existsSync(stampFile(version));
}

/**
 * Makes sure `.cache/kafka/<version>/libs` holds that Kafka version's runtime classpath (the
 * selected version by default: ONCEPORT_KAFKA_VERSION, or the CLI's --kafka); returns the
 * folder. Under a lock of its own: the single broker and the cluster may be started at the
 * same time by different processes.
 */
export async function ensureJars(version: KafkaVersion = kafkaVersion()): Promise<string> {
  if (jarsResolved(version)) return libsDir(version);
  await withLock(join(KAFKA_CACHE, "locks", "jars"), async () => {
    if (!jarsResolved(version)) await resolveJars(version);
  });
  return libsDir(version);
}

async function resolveJars(version: KafkaVersion): Promise<void> {
  const started = Date.now();
  const libs = libsDir(version);
  process.stderr.write(
    `[kafka] resolving Kafka ${version} jars from Maven Central into ${displayPath(libs)}\n`,
  );
  // Start from an empty folder: a half-finished earlier run may have left partial jars.
  await rm(libs, { recursive: true, force: true });
  await mkdir(libs, { recursive: true });
  const args = [
    "-q",
    "-B",
    "-Dstyle.color=never",
    "-f",
    join(PACKAGE_DIR, kafkaRelease(version).pomFile),
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${libs}`,
  ];
  const { code, output } = await new Promise<{ code: number; output: string }>((resolvePromise, reject) => {
    // Maven's output is kept for the error message: with -q it is empty on success, apart from
    // colour codes that Debian's Maven 3.8 prints even in batch mode.
    const child = spawn("mvn", args, { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.once("error", (error) =>
      reject(new Error(`could not run mvn (is Maven installed?): ${error.message}`)),
    );
    child.once("close", (exitCode, signal) =>
      resolvePromise({
        code: exitCode ?? (signal ? 128 : 1),
        output: Buffer.concat(chunks).toString("utf8").replace(ANSI_ESCAPE, ""),
      }),
    );
  });
  if (code !== 0) {
    throw new Error(
      `mvn dependency:copy-dependencies failed with exit ${code}:\n${output.trim().slice(-4000)}`,
    );
  }
  await writeFile(stampFile(version), `kafka ${version} resolved ${new Date().toISOString()}\n`);
  process.stderr.write(`[kafka] jars resolved in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
