import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchContext } from "../bench-context.ts";
import { type CpuProfile, summarizeCpuProfile } from "../profile/cpu-profile-summary.ts";
import type { ProfileResult } from "../report/results.ts";
import { throughputPartitions } from "./stream-throughput.ts";
import { gatewayStreamRun } from "./throughput-runs.ts";

/**
 * Where the gateway's time goes in case 1: the gateway runs under `node
 * --cpu-prof` through one stream run, is stopped gracefully (the profile is
 * written at exit), and the profile is summarised: self time by function and
 * by package, and the gateway's own functions with their callees.
 */
export async function cpuProfileCase(ctx: BenchContext): Promise<ProfileResult[]> {
  const profiles: ProfileResult[] = [];
  const topic = await ctx.createTopic("profile", throughputPartitions);
  for (const recordsPerPublish of ctx.options.matrix.profilePublishSizes) {
    const workload = `publish stream, 100 B records, ${recordsPerPublish} record${recordsPerPublish === 1 ? "" : "s"} a publish, commit interval 100 ms`;
    ctx.log(`CPU profile: ${workload}`);
    const dir = await mkdtemp(join(tmpdir(), "onceport-bench-profile-"));
    try {
      const gateway = await ctx.startGateway({ nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
      const sample = await gatewayStreamRun(ctx, gateway, { topic, recordBytes: 100, recordsPerPublish });
      await ctx.stopGateway(gateway);
      const file = (await readdir(dir)).find((name) => name.endsWith(".cpuprofile"));
      if (!file) throw new Error("the gateway wrote no CPU profile");
      const profile = JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile;
      profiles.push({
        workload,
        recordsPerSec: sample.recordsPerSec,
        summary: summarizeCpuProfile(profile, 12),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return profiles;
}
