import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { KAFKA_VERSION } from "@onceport/kafka-dev";

/** What the figures were measured on. */
export function environment(repoRoot: string): Record<string, string> {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: repoRoot,
      encoding: "utf8",
    }).trim();
  } catch {
    // not a git checkout
  }
  return {
    Kafka: `Apache Kafka ${KAFKA_VERSION} (tools/kafka), KRaft`,
    Node: process.version,
    Machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
    Commit: `${commit} (plus uncommitted changes, if any)`,
  };
}
