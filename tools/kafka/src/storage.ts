// KRaft needs each node's log dir formatted with the cluster's id before the first start.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { classpath, loggingOption, runJava } from "./java.ts";
import type { NodeSpec } from "./node-spec.ts";
import { nodeFiles } from "./node-spec.ts";
import { displayPath } from "./paths.ts";
import { renderLoggingConfig } from "./server-config.ts";
import type { KafkaVersion } from "./versions.ts";
import { kafkaRelease, kafkaVersion } from "./versions.ts";

/** The only version this tool ran before storage recorded its version: what an older stamp means. */
const VERSION_OF_UNVERSIONED_STAMPS: KafkaVersion = "3.9.1";

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
 * What formatted a node's storage, in `<dir>/format-stamp`: the Kafka version (a line
 * `kafka 4.4.0`; storage is not shared between versions, as a 3.9.1 broker cannot read what
 * 4.x formatted) and what formatting put in beyond the cluster id (a line for the SCRAM user).
 */
export function formatStamp(spec: NodeSpec, version: KafkaVersion = kafkaVersion()): string {
  const lines = [`kafka ${version}`];
  if (spec.sasl) lines.push(`scram ${spec.sasl.mechanism} ${spec.sasl.username} ${spec.sasl.password}`);
  return lines.join("\n");
}

/**
 * A stored stamp in today's form. Stamps written before they named the version (or no stamp
 * file: storage formatted before stamps existed) come from 3.9.1, the only version then.
 */
export function normalizeFormatStamp(stored: string): string {
  const lines = stored
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (!lines.some((line) => line.startsWith("kafka ")))
    lines.unshift(`kafka ${VERSION_OF_UNVERSIONED_STAMPS}`);
  return lines.join("\n");
}

/** The Kafka version named in a (normalized) stamp. */
export function stampVersion(stamp: string): string | undefined {
  return /^kafka (\S+)$/m.exec(stamp)?.[1];
}

function formatStampFile(spec: NodeSpec): string {
  return join(spec.dir, "format-stamp");
}

async function storedFormatStamp(spec: NodeSpec): Promise<string> {
  return normalizeFormatStamp(await readFile(formatStampFile(spec), "utf8").catch(() => ""));
}

/** Why storage formatted with `stored` does not do for `wanted`, for the message. */
function reformatReason(stored: string, wanted: string): string {
  const [storedVersion, wantedVersion] = [stampVersion(stored), stampVersion(wanted)];
  if (storedVersion !== wantedVersion)
    return `its storage was formatted by Kafka ${storedVersion}, this start runs ${wantedVersion}`;
  return `its storage predates this tool's format settings (${wanted.includes("scram ") ? "a SCRAM user" : "none"})`;
}

/**
 * Formats the node's log dir unless it already is, with what it needs. Storage formatted
 * for another stamp (by another Kafka version, or before the SCRAM user existed) is
 * development data and is wiped and formatted again: the user can only be added at format
 * time, and one version's storage is not for another. Call only while the node is stopped.
 * Needs server.properties and the logging config written.
 */
export async function formatIfNeeded(
  spec: NodeSpec,
  clusterId: string,
  libsDir: string,
  version: KafkaVersion = kafkaVersion(),
): Promise<void> {
  const stamp = formatStamp(spec, version);
  if (isFormatted(spec)) {
    const stored = await storedFormatStamp(spec);
    if (stored === stamp) return;
    process.stderr.write(
      `[kafka] ${spec.label}: ${reformatReason(stored, stamp)}: formatting ${displayPath(nodeFiles(spec).dataDir)} again, its development data is dropped\n`,
    );
    await rm(nodeFiles(spec).dataDir, { recursive: true, force: true });
  }
  const release = kafkaRelease(version);
  const files = nodeFiles(spec);
  await mkdir(files.dataDir, { recursive: true });
  // A stamp is only written after a format succeeded: remove the old one first, so that a
  // format that fails halfway is not taken for one of the old version.
  await rm(formatStampFile(spec), { force: true });
  const { code, output } = await runJava([
    "-Xmx256m",
    loggingOption(release, renderLoggingConfig(spec, version).file),
    "-cp",
    classpath(libsDir),
    // Static quorum (controller.quorum.voters): neither 3.9 nor 4.4 wants --standalone or
    // --initial-controllers for it (those set up a dynamic KIP-853 quorum instead).
    release.classes.storageTool,
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
