// Resolves the broker's jars from Maven Central with the small pom beside this package, once.
//
// `mvn dependency:copy-dependencies -DincludeScope=runtime` is used because Kafka's own
// modules are `runtime` scope in kafka_2.13's pom: a compile-scope resolution would miss them.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withLock } from "./lock.ts";
import { displayPath, KAFKA_CACHE, KAFKA_VERSION, LIBS_DIR, PACKAGE_DIR } from "./paths.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC character is the point
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

/** Written only after a complete resolution, so an interrupted download is redone. */
const STAMP = join(LIBS_DIR, ".resolved");

export function jarsResolved(): boolean {
  return existsSync(STAMP);
}

/**
 * Makes sure LIBS_DIR holds Kafka's runtime classpath; returns LIBS_DIR. Under a lock of its
 * own: the single broker and the cluster may be started at the same time by different processes.
 */
export async function ensureJars(): Promise<string> {
  if (jarsResolved()) return LIBS_DIR;
  await withLock(join(KAFKA_CACHE, "locks", "jars"), async () => {
    if (!jarsResolved()) await resolveJars();
  });
  return LIBS_DIR;
}

async function resolveJars(): Promise<void> {
  const started = Date.now();
  process.stderr.write(
    `[kafka] resolving Kafka ${KAFKA_VERSION} jars from Maven Central into ${displayPath(LIBS_DIR)}\n`,
  );
  // Start from an empty folder: a half-finished earlier run may have left partial jars.
  await rm(LIBS_DIR, { recursive: true, force: true });
  await mkdir(LIBS_DIR, { recursive: true });
  const args = [
    "-q",
    "-B",
    "-Dstyle.color=never",
    "-f",
    join(PACKAGE_DIR, "pom.xml"),
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${LIBS_DIR}`,
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
  await writeFile(STAMP, `kafka ${KAFKA_VERSION} resolved ${new Date().toISOString()}\n`);
  process.stderr.write(`[kafka] jars resolved in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
