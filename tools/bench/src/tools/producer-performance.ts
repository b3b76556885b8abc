import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureJars } from "@onceport/kafka-dev";
import { cpuTimeMs } from "../gateway/process-stats.ts";
import type { WindowMark } from "../measure/window-mark.ts";

export interface ProducerPerformanceLoad {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly recordBytes: number;
  readonly transactionalId: string;
  /** --transaction-duration-ms; 0 runs without transactions (idempotent only, Kafka's default). */
  readonly transactionMs: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface ProducerPerformanceResult {
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
  readonly seconds: number;
  /** CPU time (ms) of the JVM between the first and the last report measured (NaN with --quick). */
  readonly cpuMs: number;
}

/** ProducerPerformance reports every 5 s, and once more at the end. */
const reportIntervalMs = 5_000;
const reportLine = /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/;

/**
 * Kafka's own producer benchmark (org.apache.kafka.tools.ProducerPerformance,
 * in the kafka-tools jar of the broker's classpath): the ceiling of what a
 * client gets from this broker on this machine. It has no duration setting,
 * so it is given an endless number of records and stopped; its 5-second
 * reports after the warm-up are the measurement. A run shorter than two
 * reports (--quick) is given a fixed number of records instead, and its final
 * summary is taken.
 */
export async function runProducerPerformance(
  load: ProducerPerformanceLoad,
  onMark: (mark: WindowMark) => void = () => {},
): Promise<ProducerPerformanceResult> {
  const libs = await ensureJars();
  const windowed = load.durationMs >= 2 * reportIntervalMs;
  // At least one report of warm-up: the JVM compiles its hot paths in the first seconds.
  const warmupReports = Math.max(1, Math.ceil(load.warmupMs / reportIntervalMs));
  const wantedReports = warmupReports + Math.floor(load.durationMs / reportIntervalMs);
  const args = [
    "-Xmx512m",
    "-cp",
    `${join(libs, "*")}`,
    "org.apache.kafka.tools.ProducerPerformance",
    "--topic",
    load.topic,
    "--num-records",
    windowed ? "1000000000" : String(Math.max(10_000, Math.round(200_000_000 / load.recordBytes / 10))),
    "--record-size",
    String(load.recordBytes),
    "--throughput",
    "-1",
    "--producer-props",
    `bootstrap.servers=${load.brokers.join(",")}`,
    "acks=all",
    ...(load.transactionMs > 0
      ? ["--transactional-id", load.transactionalId, "--transaction-duration-ms", String(load.transactionMs)]
      : []),
  ];
  const reports: { records: number; recordsPerSec: number; mbPerSec: number }[] = [];
  let cpuAtStart: Promise<number> = Promise.resolve(Number.NaN);
  let cpuAtEnd: Promise<number> = Promise.resolve(Number.NaN);
  await new Promise<void>((resolve, reject) => {
    const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const match = reportLine.exec(line);
        if (!match) continue;
        reports.push({
          records: Number(match[1]),
          recordsPerSec: Number(match[2]),
          mbPerSec: Number(match[3]),
        });
        if (!windowed || child.pid === undefined) continue;
        if (reports.length === warmupReports) {
          cpuAtStart = cpuTimeMs(child.pid);
          onMark("start");
        }
        if (reports.length === wantedReports) {
          cpuAtEnd = cpuTimeMs(child.pid);
          onMark("end");
          // Read the CPU time before the process goes.
          void cpuAtEnd.finally(() => child.kill("SIGKILL"));
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL" || code === 0) resolve();
      else reject(new Error(`ProducerPerformance exited with ${code ?? signal}: ${stderr}`));
    });
  });
  const measured = windowed ? reports.slice(warmupReports, wantedReports) : reports.slice(-1);
  if (measured.length === 0) throw new Error("ProducerPerformance reported nothing");
  const records = measured.reduce((sum, report) => sum + report.records, 0);
  const seconds = measured.reduce((sum, report) => sum + report.records / report.recordsPerSec, 0);
  return {
    recordsPerSec: records / seconds,
    mbPerSec: (records * load.recordBytes) / seconds / 1e6,
    seconds,
    cpuMs: (await cpuAtEnd) - (await cpuAtStart),
  };
}
