// KRaft needs each node's log dir formatted with the cluster's id before the first start.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { classpath, log4jOption, runJava } from "./java.ts";
import type { NodeSpec } from "./node-spec.ts";
import { nodeFiles } from "./node-spec.ts";

/** `meta.properties` is what StorageTool writes; its presence means "formatted". */
function metaPropertiesFile(spec: NodeSpec): string {
  return join(nodeFiles(spec).dataDir, "meta.properties");
}

export function isFormatted(spec: NodeSpec): boolean {
  return existsSync(metaPropertiesFile(spec));
}

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding, as `StorageTool random-uuid`
 * prints (Kafka's Uuid.randomUuid also re-draws ids starting with "-", which some CLIs
 * would parse as an option). Generating it here saves starting a JVM.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/**
 * The id all nodes of a deployment share, kept in `<deploymentDir>/cluster-id`. If that file
 * is gone but a node was formatted, the node's id wins: a new id would not match its data.
 */
export async function deploymentClusterId(
  deploymentDir: string,
  nodes: readonly NodeSpec[],
): Promise<string> {
  const file = join(deploymentDir, "cluster-id");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  let id: string | undefined;
  for (const node of nodes) {
    if (!isFormatted(node)) continue;
    const match = /^cluster\.id=(.+)$/m.exec(await readFile(metaPropertiesFile(node), "utf8"));
    if (match?.[1]) id = match[1].trim();
  }
  id ??= newClusterId();
  await mkdir(deploymentDir, { recursive: true });
  await writeFile(file, `${id}\n`);
  return id;
}

/** Formats the node's log dir unless it already is. Needs server.properties written. */
export async function formatIfNeeded(spec: NodeSpec, clusterId: string, libsDir: string): Promise<void> {
  if (isFormatted(spec)) return;
  const files = nodeFiles(spec);
  await mkdir(files.dataDir, { recursive: true });
  const { code, output } = await runJava([
    "-Xmx256m",
    log4jOption(files.log4jProperties),
    "-cp",
    classpath(libsDir),
    "kafka.tools.StorageTool",
    "format",
    "-t",
    clusterId,
    "-c",
    files.serverProperties,
    // Harmless here (we checked), but keeps a concurrent format from failing the start.
    "--ignore-formatted",
  ]);
  if (code !== 0)
    throw new Error(`formatting ${spec.label} storage failed (exit ${code}):\n${output.trim()}`);
}
