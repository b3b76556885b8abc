// Where everything of the local Kafka lives. All of it is under the repo's git-ignored
// `.cache/kafka`, so a `git clean -X` (or deleting the folder) resets brokers to nothing.
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { KafkaVersion } from "./versions.ts";
import { kafkaVersion } from "./versions.ts";

/** tools/kafka/src -> repo root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export const PACKAGE_DIR = join(REPO_ROOT, "tools", "kafka");

export const KAFKA_CACHE = join(REPO_ROOT, ".cache", "kafka");

/**
 * Where the brokers' data, logs and pid files live: `.cache/kafka` unless
 * ONCEPORT_KAFKA_STATE_DIR says otherwise, so that runs side by side (each in its own network
 * namespace, on the same fixed ports) do not share a broker's files. Jars stay shared.
 */
export const KAFKA_STATE = process.env.ONCEPORT_KAFKA_STATE_DIR
  ? resolve(process.env.ONCEPORT_KAFKA_STATE_DIR)
  : KAFKA_CACHE;

/** A version's runtime classpath (`.cache/kafka/<version>/libs`), resolved from Maven Central by src/jars.ts. */
export function libsDir(version: KafkaVersion = kafkaVersion()): string {
  return join(KAFKA_CACHE, version, "libs");
}

/** For messages: a path relative to the repo root, which is shorter and what people type. */
export function displayPath(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith("..") ? path : rel;
}
