// The report as people read it: the verdict first, one line per check, then examples.
import { type CheckName, checkNames } from "./anomaly.ts";
import type { AuditReport } from "./audit-report.ts";

const titles: Record<CheckName, string> = {
  duplicates: "duplicates",
  lostWrites: "lost acknowledged writes",
  abortedVisible: "aborted or failed writes visible",
  order: "per-client order",
  unknownOutcomes: "unknown outcomes at most once",
  consumeTransformProduce: "consume-transform-produce",
  hangingTransactions: "hanging transactions / LSO",
};

export function formatText(report: AuditReport): string {
  const lines: string[] = [];
  const partitions = report.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  lines.push(`Onceport audit: ${report.verdict}`);
  lines.push(
    `  ${report.topics.map((topic) => topic.topic).join(", ")} (${partitions} partition(s)); ` +
      `${report.records.committed} records read_committed` +
      (report.records.uncommitted === null
        ? ""
        : `, ${report.records.uncommitted} read_uncommitted (${report.records.aborted} aborted)`) +
      (report.records.withoutId > 0 ? `, ${report.records.withoutId} without message id` : "") +
      `; ${(report.durationMs / 1000).toFixed(1)} s, ${report.records.perSecond} records/s`,
  );
  if (report.ledger !== null) {
    const l = report.ledger;
    lines.push(
      `  ledger: ${l.entries} entries: ${l.acknowledged} acknowledged (${l.acknowledgedRead} read), ` +
        `${l.failed} failed (${l.failedFoundAborted} found aborted), ${l.unknown} unknown (${l.unknownReadOnce} read once)`,
    );
  }
  lines.push("");
  for (const name of checkNames) {
    const check = report.checks[name];
    const mark = check.status === "failed" ? "FAIL" : check.status === "skipped" ? "skip" : " ok ";
    const kinds = Object.entries(check.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(", ");
    const note = check.note === undefined ? "" : ` (${check.note})`;
    lines.push(
      `  [${mark}] ${titles[name].padEnd(34)} ${String(check.count).padStart(6)}${kinds ? `  ${kinds}` : ""}${note}`,
    );
  }
  const failed = checkNames.filter((name) => report.checks[name].count > 0);
  if (failed.length > 0) {
    lines.push("", "First examples:");
    for (const name of failed) {
      for (const example of report.checks[name].examples) {
        const where =
          example.partition === undefined ? example.topic : `${example.topic}/${example.partition}`;
        const id = example.messageId === undefined ? "" : ` id=${example.messageId}`;
        const client = example.clientId === undefined ? "" : ` client=${example.clientId}`;
        const offsets = example.offsets === undefined ? "" : ` offsets=${example.offsets.join(",")}`;
        lines.push(`  ${example.kind} ${where}${id}${client}${offsets}: ${example.detail}`);
      }
    }
  }
  const lagging = report.topics.flatMap((topic) =>
    topic.partitions.filter((p) => p.lsoLag > 0).map((p) => `${topic.topic}/${p.partition} ${p.lsoLag}`),
  );
  if (lagging.length > 0) lines.push("", `LSO lag when the audit began (offsets): ${lagging.join(", ")}`);
  const m = report.memory;
  lines.push(
    "",
    `Memory: ${m.ledgerEntries} ledger entries, ${m.idsInWindows} ids in windows (at most ${m.idWindowPerTopic} per topic` +
      `${m.idsEvicted > 0 ? `, ${m.idsEvicted} forgotten` : ""}), ${m.deliveredBitmapBytes} bytes of offset bitmaps; ` +
      `state about ${mib(m.estimatedStateBytes)} MiB; RSS ${mib(m.rssBytes)} MiB, peak ${mib(m.peakRssBytes)} MiB`,
  );
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join("\n")}\n`;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
