import type { ProfileSummary } from "../profile/cpu-profile-summary.ts";
import type { Environment } from "./environment.ts";
import type { IdempotencyKeysRun, LatencyTable, SessionsTable, ThroughputTable } from "./tables.ts";

/** A case, or a part of one, that could not be measured, and why. */
export interface NotMeasured {
  readonly notMeasured: string;
}

export interface ProfileResult {
  readonly workload: string;
  readonly recordsPerSec: number;
  readonly summary: ProfileSummary;
}

/** Everything one `npm run bench` measured: written as benchmarks.json, rendered as benchmarks.md. */
export interface BenchResults {
  readonly environment: Environment;
  readonly settings: { quick: boolean; runs: number; warmupMs: number; durationMs: number };
  /** 1-minute load averages while the bench ran: how shared the machine was. */
  load?: { before: number; mean: number; max: number };
  durationSeconds?: number;
  stream?: readonly ThroughputTable[];
  latency?: readonly LatencyTable[];
  exactlyOnce?: readonly ThroughputTable[];
  receipts?: ThroughputTable;
  sessions?: SessionsTable;
  tracing?: ThroughputTable | NotMeasured;
  profiles?: readonly ProfileResult[];
  scaleOut?: ThroughputTable;
  idempotencyKeys?: readonly IdempotencyKeysRun[];
  readonly failures: { case: string; error: string }[];
  /** Cases run later with --merge, replacing this run's: when, on what code, under what load. */
  merged?: { cases: string[]; date: string; source: string; load: { mean: number; max: number } }[];
}
