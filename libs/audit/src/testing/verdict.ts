// Exactly-once verdicts for integration tests, taken from the audit on the data itself: it reads
// the topics back and judges duplicates, lost acknowledged writes, failed writes made visible,
// per-client order, consume-transform-produce output sets and offsets, and transactions left
// hanging. No test framework here: a verdict other than PASS throws, with the audit's text
// report as the message, which fails a test under any runner.
import { setTimeout as sleep } from "node:timers/promises";
import { LOCAL_BROKERS } from "@onceport/kafka-dev";
import { devAdapter, withAdmin } from "@onceport/kafka-dev/testing";
import type { AuditReport } from "../report/audit-report.ts";
import { formatText } from "../report/format-text.ts";
import { type AuditOptions, runAudit } from "../run-audit.ts";
import type { WriteLedger } from "./write-ledger.ts";

/**
 * Audits whole topics (on the local development broker unless `options.brokers` says otherwise),
 * against the ledger when there is one, reading with the readers' adapter, or the one
 * ONCEPORT_KAFKA_CLIENT names (as every other test's Kafka client does).
 */
export async function audit(
  topics: readonly string[],
  ledger?: WriteLedger,
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  return await runAudit({
    brokers: LOCAL_BROKERS,
    topics,
    adapter: devAdapter("reader"),
    ...(ledger === undefined ? {} : { ledger: ledger.indexFor(topics) }),
    ...options,
  });
}

/** How long a verdict waits for the last commit markers before it audits. */
const markersWaitMs = 10_000;

/**
 * Waits until every partition's last stable offset reached its high watermark (or the wait is
 * over): a transaction's commit markers are written a moment after commit() returns, and an
 * audit planned before them would find the records it was told of unseen (seen with every
 * client adapter, 1 to 4 times in 15). A transaction really left open still fails the audit.
 */
async function waitForCommitMarkers(brokers: readonly string[], topics: readonly string[]): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    const partitions = (await admin.describeTopics(topics)).flatMap((topic) =>
      topic.partitions.map(({ partition }) => ({ topic: topic.topic, partition })),
    );
    const deadline = Date.now() + markersWaitMs;
    while (Date.now() < deadline) {
      const stable = await admin.listOffsets(partitions, "latest", "read_committed");
      const high = await admin.listOffsets(partitions, "latest", "read_uncommitted");
      const behind = high.some(
        (end) =>
          (stable.find((s) => s.topic === end.topic && s.partition === end.partition)?.offset ?? -1n) <
          end.offset,
      );
      if (!behind) return;
      await sleep(50);
    }
  });
}

/** Audits, and throws the audit's own text report unless the verdict is PASS. */
export async function expectAuditPass(
  topics: readonly string[],
  ledger?: WriteLedger,
  options: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  // A failure to learn the offsets (a missing topic, say) is the audit's to report, below.
  await waitForCommitMarkers(options.brokers ?? LOCAL_BROKERS, topics).catch(() => undefined);
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
