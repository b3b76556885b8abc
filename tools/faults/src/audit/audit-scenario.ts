// The verdict on the data: the audit (libs/audit) reads the scenario's topics back against the
// ledger. Its text report is kept in the work directory; the summary goes into the results.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type AuditReport, type CheckName, checkNames, formatText, runAudit } from "@onceport/audit";
import { ensureJars } from "@onceport/kafka-dev";

export interface CheckSummary {
  readonly status: "passed" | "failed" | "skipped";
  readonly count: number;
  /** Anomaly kinds and counts, e.g. "duplicate 3". */
  readonly kinds: string;
  readonly note?: string;
}

export interface AuditSummary {
  readonly verdict: "PASS" | "FAIL";
  readonly checks: Record<CheckName, CheckSummary>;
  /** The first anomalies, one line each. */
  readonly examples: readonly string[];
  /** Records read with read_committed, per audited topic. */
  readonly recordsRead: Readonly<Record<string, number>>;
  readonly abortedRecords: number | null;
  readonly processOutputs: number;
  readonly ledger: AuditReport["ledger"];
  readonly durationMs: number;
  /** The full text report. */
  readonly reportFile: string;
}

export interface AuditScenarioOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly ledgerPath?: string;
  readonly workDir: string;
  /** How long a transaction open when the audit began may hold the LSO. */
  readonly lsoGraceMs: number;
  /** Also run Kafka's `kafka-transactions find-hanging` (a JVM per topic: seconds each). */
  readonly findHanging: boolean;
  /** The share of a topic's writes that may end unknown; default unknownShareBound. */
  readonly maxUnknownShare?: number;
}

/**
 * At most 1% of a run's writes may end with their outcome unknown (the load scenarios' publishes
 * are all of 10 records, so that is 1% of their publishes too: 3 of the quick run's 300, 100 of
 * the full run's 10,000). A load client calls again with the same key until it knows, for at least
 * 90 s (3 times the liveness bound), and a killed client process redoes its unknown publishes
 * when it restarts; so an outcome still unknown at the end is a client that could not learn one
 * for that long, or one fenced mid-call. A few of those a fault may cause; more means the
 * verdict is mostly "at most once", which cannot see a lost write, and the run proves little.
 */
export const unknownShareBound = 0.01;

/** A failed audit in one line for the scenario's reasons: each failed check, its count and kinds. */
export function auditFailure(audit: AuditSummary): string {
  const failed = Object.entries(audit.checks)
    .filter(([, check]) => check.status === "failed")
    .map(([name, check]) => `${name} ${check.count} (${check.kinds})`);
  return `audit FAIL: ${failed.join("; ")}`;
}

export async function auditScenario(options: AuditScenarioOptions): Promise<AuditSummary> {
  const report = await runAudit({
    brokers: options.brokers,
    topics: options.topics,
    ...(options.ledgerPath === undefined ? {} : { ledger: options.ledgerPath }),
    lsoGraceMs: options.lsoGraceMs,
    maxUnknownShare: options.maxUnknownShare ?? unknownShareBound,
    ...(options.findHanging ? { transactionsTool: { libsDir: await ensureJars() } } : {}),
    maxExamples: 5,
  });
  const reportFile = join(options.workDir, "audit.txt");
  await writeFile(reportFile, formatText(report));
  const checks = Object.fromEntries(
    checkNames.map((name) => {
      const check = report.checks[name];
      const kinds = Object.entries(check.byKind)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(", ");
      return [
        name,
        {
          status: check.status,
          count: check.count,
          kinds,
          ...(check.note === undefined ? {} : { note: check.note }),
        },
      ];
    }),
  ) as Record<CheckName, CheckSummary>;
  const examples = checkNames.flatMap((name) =>
    report.checks[name].examples.map(
      (example) =>
        `${example.kind} ${example.topic}${example.partition === undefined ? "" : `/${example.partition}`}` +
        `${example.messageId === undefined ? "" : ` id=${example.messageId}`}` +
        `${example.offsets === undefined ? "" : ` offsets=${example.offsets.join(",")}`}: ${example.detail}`,
    ),
  );
  return {
    verdict: report.verdict,
    checks,
    examples: examples.slice(0, 10),
    recordsRead: Object.fromEntries(
      report.topics.map((topic) => [
        topic.topic,
        topic.partitions.reduce((sum, p) => sum + p.recordsRead, 0),
      ]),
    ),
    abortedRecords: report.records.aborted,
    processOutputs: report.records.processOutputs,
    ledger: report.ledger,
    durationMs: report.durationMs,
    reportFile,
  };
}
