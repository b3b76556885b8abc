// KRaft needs each node's log dir formatted with the cluster's id before the first start.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { classpath, log4jOption, runJava } from "./java.ts";
import type { NodeSpec } from "./node-spec.ts";
import { nodeFiles } from "./node-spec.ts";
import { displayPath } from "./paths.ts";

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

/**
 * What formatting put into a node's storage beyond the cluster id (the SCRAM user), in
 * `<dir>/format-stamp`. No stamp file means nothing (storage formatted before stamps existed).
 */
export function formatStamp(spec: NodeSpec): string {
  return spec.sasl ? `scram ${spec.sasl.mechanism} ${spec.sasl.username} ${spec.sasl.password}` : "";
}

function formatStampFile(spec: NodeSpec): string {
  return join(spec.dir, "format-stamp");
}

async function storedFormatStamp(spec: NodeSpec): Promise<string> {
  return (await readFile(formatStampFile(spec), "utf8").catch(() => "")).trim();
}

/**
 * Formats the node's log dir unless it already is, with what it needs. Storage formatted
 * for another stamp (e.g. before the SCRAM user existed) is development data and is wiped
 * and formatted again: the user can only be added at format time. Call only while the node
 * is stopped. Needs server.properties written.
 */
export async function formatIfNeeded(spec: NodeSpec, clusterId: string, libsDir: string): Promise<void> {
  const stamp = formatStamp(spec);
  if (isFormatted(spec)) {
    if ((await storedFormatStamp(spec)) === stamp) return;
    process.stderr.write(
      `[kafka] ${spec.label}: its storage predates this tool's format settings (${stamp ? "a SCRAM user" : "none"}): formatting ${displayPath(nodeFiles(spec).dataDir)} again, its development data is dropped\n`,
    );
    await rm(nodeFiles(spec).dataDir, { recursive: true, force: true });
  }
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
    ...(spec.sasl
      ? ["--add-scram", `${spec.sasl.mechanism}=[name=${spec.sasl.username},password=${spec.sasl.password}]`]
      : []),
  ]);
  if (code !== 0)
    throw new Error(`formatting ${spec.label} storage failed (exit ${code}):\n${output.trim()}`);
  await writeFile(formatStampFile(spec), `${stamp}\n`);
}
