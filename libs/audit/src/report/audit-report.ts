// The report of one audit, as JSON (this shape) and as text (format-text.ts).

import type { CheckName, CheckResult } from "./anomaly.ts";
import type { LedgerSummary } from "./ledger-summary.ts";

export interface PartitionReport {
  readonly partition: number;
  /** First offset audited. */
  readonly start: string;
  /** End of the audit (exclusive): the LSO when the audit began, unless a range said less. */
  readonly end: string;
  readonly highWatermark: string;
  /** HW - LSO when the audit began: offsets held by transactions still open. */
  readonly lsoLag: number;
  readonly recordsRead: number;
}

export interface TopicReport {
  readonly topic: string;
  readonly partitions: readonly PartitionReport[];
}

export interface MemoryReport {
  readonly ledgerEntries: number;
  readonly idsInWindows: number;
  readonly idWindowPerTopic: number;
  /** Ids forgotten to stay within the windows: duplicates further apart than a window are not seen. */
  readonly idsEvicted: number;
  readonly deliveredBitmapBytes: number;
  readonly orderEntries: number;
  readonly processInputOffsets: number;
  /** From the per-id costs the bench measured (README, "Memory"). */
  readonly estimatedStateBytes: number;
  readonly rssBytes: number;
  /** The process's peak RSS so far (the whole process: in the CLI, the audit's own). */
  readonly peakRssBytes: number;
  readonly heapUsedBytes: number;
}

export interface AuditReport {
  readonly verdict: "PASS" | "FAIL";
  readonly startedAt: string;
  readonly durationMs: number;
  readonly brokers: readonly string[];
  readonly topics: readonly TopicReport[];
  readonly records: {
    readonly committed: number;
    /** null when the read_uncommitted pass did not run. */
    readonly uncommitted: number | null;
    readonly aborted: number | null;
    readonly withoutId: number;
    readonly processOutputs: number;
    readonly perSecond: number;
  };
  readonly checks: Record<CheckName, CheckResult>;
  readonly ledger: LedgerSummary | null;
  readonly memory: MemoryReport;
  readonly notes: readonly string[];
}
