// Where everything of the local Kafka lives. All of it is under the repo's git-ignored
// `.cache/kafka`, so a `git clean -X` (or deleting the folder) resets brokers to nothing.
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const KAFKA_VERSION = "3.9.1";

/** tools/kafka/src -> repo root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export const PACKAGE_DIR = join(REPO_ROOT, "tools", "kafka");

export const KAFKA_CACHE = join(REPO_ROOT, ".cache", "kafka");

/** The broker's runtime classpath, resolved from Maven Central by src/jars.ts. */
export const LIBS_DIR = join(KAFKA_CACHE, KAFKA_VERSION, "libs");

/** For messages: a path relative to the repo root, which is shorter and what people type. */
export function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith("..") ? path : rel;
}
