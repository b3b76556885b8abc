// @onceport/bench: `npm run bench` (src/main.ts). The pieces other tools may reuse:
export { type BenchOptions, parseOptions } from "./options.ts";
export { type CpuProfile, type ProfileSummary, summarizeCpuProfile } from "./profile/cpu-profile-summary.ts";
export type { BenchResults } from "./report/results.ts";
export { runBench } from "./run-bench.ts";
