// Puts an audit's findings and figures into an AuditReport (one-shot and continuous audits alike).
// Beside run-audit.ts rather than in report/: it reads the checks' state, and the checks write
// into report/'s types, so report/ stays below checks/.
import type { RecordChecks } from "./checks/record-checks.ts";
import { partitionKey } from "./kafka/partition-range.ts";
import type { PlannedPartition } from "./kafka/plan-ranges.ts";
import type { LedgerIndex } from "./ledger/ledger-index.ts";
import {
  bytesPerLedgerEntry,
  bytesPerOrderEntry,
  bytesPerProcessInput,
  bytesPerWindowId,
} from "./memory-costs.ts";
import { type CheckName, type CheckResult, checkNames } from "./report/anomaly.ts";
import type { AuditReport, MemoryReport, TopicReport } from "./report/audit-report.ts";
import type { LedgerSummary } from "./report/ledger-summary.ts";

export interface ReportInputs {
  readonly startedAt: number;
  readonly readMs: number;
  readonly brokers: readonly string[];
  readonly planned: readonly PlannedPartition[];
  readonly highWatermarks: ReadonlyMap<string, number>;
  readonly recordsPerPartition: ReadonlyMap<string, number>;
  readonly checks: RecordChecks;
  readonly results: Record<CheckName, CheckResult>;
  readonly ledger: LedgerIndex | undefined;
  readonly ledgerSummary: LedgerSummary | null;
  readonly readUncommitted: boolean;
  readonly idWindow: number;
  readonly notes: readonly string[];
}

export function buildReport(inputs: ReportInputs): AuditReport {
  const { checks } = inputs;
  const verdict = checkNames.some((name) => inputs.results[name].count > 0) ? "FAIL" : "PASS";
  const windows = checks.windowStats();
  const notes = [...inputs.notes];
  if (windows.evicted > 0) {
    notes.push(
      `${windows.evicted} ids were forgotten to keep at most ${inputs.idWindow} per topic: duplicates further apart than that are not detected`,
    );
  }
  return {
    verdict,
    startedAt: new Date(inputs.startedAt).toISOString(),
    durationMs: Date.now() - inputs.startedAt,
    brokers: [...inputs.brokers],
    topics: topicReports(inputs.planned, inputs.highWatermarks, inputs.recordsPerPartition),
    records: {
      committed: checks.committedRecords,
      uncommitted: inputs.readUncommitted ? checks.uncommittedRecords : null,
      aborted: inputs.readUncommitted ? checks.abortedRecords : null,
      withoutId: checks.recordsWithoutId,
      processOutputs: checks.process.outputsSeen,
      perSecond: inputs.readMs > 0 ? Math.round((checks.committedRecords * 1000) / inputs.readMs) : 0,
    },
    checks: inputs.results,
    ledger: inputs.ledgerSummary,
    memory: memoryReport(checks, inputs.ledger, inputs.idWindow),
    notes,
  };
}

function topicReports(
  planned: readonly PlannedPartition[],
  hws: ReadonlyMap<string, number>,
  perPartition: ReadonlyMap<string, number>,
): TopicReport[] {
  const topics = new Map<string, TopicReport["partitions"][number][]>();
  for (const p of planned) {
    const key = partitionKey(p.topic, p.partition);
    const hw = hws.get(key) ?? p.stable;
    const list = topics.get(p.topic) ?? [];
    list.push({
      partition: p.partition,
      start: String(p.start),
      end: String(p.end),
      highWatermark: String(hw),
      lsoLag: hw - p.stable,
      recordsRead: perPartition.get(key) ?? 0,
    });
    topics.set(p.topic, list);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

function memoryReport(checks: RecordChecks, ledger: LedgerIndex | undefined, idWindow: number): MemoryReport {
  const windows = checks.windowStats();
  const orderEntries = checks.order?.tracked ?? 0;
  const processInputOffsets = checks.process
    .inputPartitions()
    .reduce((sum, entry) => sum + entry.outputs.size, 0);
  const bitmap = checks.deliveredBitmapBytes();
  const usage = process.memoryUsage();
  return {
    ledgerEntries: ledger?.size ?? 0,
    idsInWindows: windows.held,
    idWindowPerTopic: idWindow,
    idsEvicted: windows.evicted,
    deliveredBitmapBytes: bitmap,
    orderEntries,
    processInputOffsets,
    estimatedStateBytes:
      (ledger?.size ?? 0) * bytesPerLedgerEntry +
      windows.held * bytesPerWindowId +
      orderEntries * bytesPerOrderEntry +
      processInputOffsets * bytesPerProcessInput +
      bitmap,
    rssBytes: usage.rss,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: usage.heapUsed,
  };
}
