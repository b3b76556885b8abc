// Exactly-once verdicts for integration tests, taken from the audit on the data itself: it reads
// the topics back and judges duplicates, lost acknowledged writes, failed writes made visible,
// per-client order, consume-transform-produce output sets and offsets, and transactions left
// hanging. No test framework here: a verdict other than PASS throws, with the audit's text
// report as the message, which fails a test under any runner.
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import type { AuditReport } from "../report/audit-report.ts";
import { formatText } from "../report/format-text.ts";
import { type AuditOptions, runAudit } from "../run-audit.ts";
import type { WriteLedger } from "./write-ledger.ts";

/** Audits whole topics (on the local development broker unless `options.brokers` says otherwise), against the ledger when there is one. */
export async function audit(
  topics: readonly string[],
  ledger?: WriteLedger,
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  return await runAudit({
    brokers: LOCAL_BROKERS,
    topics,
    ...(ledger === undefined ? {} : { ledger: ledger.indexFor(topics) }),
    ...options,
  });
}

/** Audits, and throws the audit's own text report unless the verdict is PASS. */
export async function expectAuditPass(
  topics: readonly string[],
  ledger?: WriteLedger,
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  const report = await audit(topics, ledger, options);
  if (report.verdict !== "PASS") {
    throw new Error(`the audit of ${topics.join(", ")} did not pass:\n${formatText(report)}`);
  }
  return report;
}

/**
 * The audit's verdict on Process outputs: no output twice, each input's outputs a whole set
 * (indexes 0..n-1), the group's committed offsets right after the last input with outputs; and
 * the consume-transform-produce check really ran (it skips topics without Process outputs).
 */
export async function expectProcessAuditPass(
  outputTopics: readonly string[],
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  const report = await expectAuditPass(outputTopics, undefined, options);
  const { status, note } = report.checks.consumeTransformProduce;
  if (status !== "passed") {
    throw new Error(
      `the consume-transform-produce check of ${outputTopics.join(", ")} ${status}${note ? `: ${note}` : ""}`,
    );
  }
  return report;
}
