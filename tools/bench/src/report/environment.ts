import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { KAFKA_VERSION } from "@onceport/kafka-dev";
import { GHZ_VERSION } from "../tools/ghz.ts";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "..", "..", "..", "..");

export interface Environment {
  readonly date: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  /** 1-minute load average when the bench started, before it did anything. */
  readonly loadBefore: number;
  readonly versions: Readonly<Record<string, string>>;
  /** The commit measured, and whether the gateway's code differed from it. */
  readonly source: string;
}

async function packageVersion(name: string): Promise<string> {
  try {
    const path = join(repoRoot, "node_modules", name, "package.json");
    return (JSON.parse(await readFile(path, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

async function javaVersion(): Promise<string> {
  try {
    const { stderr } = await run("java", ["-version"]);
    return /version "([^"]+)"/.exec(stderr)?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * `git describe` of what is measured. A bench run on a snapshot of a commit
 * (no .git) names it in ONCEPORT_BENCH_SOURCE.
 */
async function describeSource(): Promise<string> {
  if (process.env.ONCEPORT_BENCH_SOURCE) return process.env.ONCEPORT_BENCH_SOURCE;
  try {
    const { stdout: commit } = await run("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"]);
    const { stdout: changes } = await run("git", ["-C", repoRoot, "status", "--porcelain", "apps", "libs"]);
    return `${commit.trim()}${changes.trim() === "" ? "" : " with uncommitted changes in apps/ or libs/"}`;
  } catch {
    return "unknown";
  }
}

export async function describeEnvironment(): Promise<Environment> {
  return {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadBefore: loadavg()[0] ?? Number.NaN,
    versions: {
      node: process.versions.node,
      kafka: KAFKA_VERSION,
      kafkajs: await packageVersion("kafkajs"),
      "@grpc/grpc-js": await packageVersion("@grpc/grpc-js"),
      "@bufbuild/protobuf": await packageVersion("@bufbuild/protobuf"),
      java: await javaVersion(),
      ghz: GHZ_VERSION,
    },
    source: await describeSource(),
  };
}

/** Samples the 1-minute load average while the bench runs: a shared machine shows in it. */
export class LoadSampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 5_000) {
    this.timer = setInterval(() => this.samples.push(loadavg()[0] ?? 0), intervalMs);
    this.timer.unref();
  }

  stop(): { mean: number; max: number } {
    clearInterval(this.timer);
    const samples = this.samples.length > 0 ? this.samples : [loadavg()[0] ?? 0];
    return {
      mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
      max: Math.max(...samples),
    };
  }
}
