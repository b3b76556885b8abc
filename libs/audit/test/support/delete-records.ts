// Moves a partition's log start forward, as retention would, with Kafka's own
// `kafka-delete-records` (org.apache.kafka.tools.DeleteRecordsCommand, in kafka-tools): Onceport's
// Kafka seam has no DeleteRecords, since nothing in Onceport deletes records.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureJars } from "@onceport/kafka-dev";

export async function deleteRecordsBefore(
  brokers: readonly string[],
  topic: string,
  partition: number,
  offset: number,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "onceport-audit-delete-"));
  try {
    const file = join(dir, "offsets.json");
    await writeFile(file, JSON.stringify({ version: 1, partitions: [{ topic, partition, offset }] }));
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
    const args = [
      "-Xmx256m",
      "-cp",
      join(await ensureJars(), "*"),
      "org.apache.kafka.tools.DeleteRecordsCommand",
      "--bootstrap-server",
      brokers.join(","),
      "--offset-json-file",
      file,
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(java, args, { stdio: ["ignore", "pipe", "pipe"] });
      const chunks: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.once("error", reject);
      child.once("close", (exit) => resolve({ code: exit, output: Buffer.concat(chunks).toString("utf8") }));
    });
    // The tool exits 0 also when a partition failed: its report line says "error" then.
    if (code !== 0 || /\berror: /.test(output) || !/low_watermark: *\d+/.test(output)) {
      throw new Error(`kafka-delete-records exited ${code}: ${output.trim()}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
