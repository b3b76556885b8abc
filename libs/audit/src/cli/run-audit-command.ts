// `onceport audit ...` and the `onceport-audit` bin: arguments in, report out, exit code back.
// 0 PASS, 1 anomalies (FAIL), 2 could not audit (bad arguments, unreachable Kafka, unknown topic,
// unreadable ledger, a stalled reader).
import { isOnceportError, USAGE_EXIT_CODE, UsageError, usageErrorText } from "@onceport/errors";
import { startContinuousAudit } from "../continuous/continuous-audit.ts";
import type { TransactionsTool } from "../kafka/transactions-tool.ts";
import { formatText } from "../report/format-text.ts";
import { runAudit } from "../run-audit.ts";
import type { CommandIo } from "./command-io.ts";
import { type AuditArgs, parseAuditArgs, usage } from "./parse-args.ts";
import { progressPrinter } from "./progress.ts";

export async function runAuditCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: AuditArgs;
  try {
    args = parseAuditArgs(argv, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(usageErrorText("onceport-audit", error));
    return USAGE_EXIT_CODE;
  }
  if (args.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    if (args.continuous) return await runContinuous(args, io);
    const tool = await transactionsTool(args, io);
    const progress = progressPrinter(io);
    const report = await runAudit({
      brokers: args.brokers,
      topics: args.topics,
      adapter: args.kafkaClient,
      ...(args.ledger === undefined ? {} : { ledger: args.ledger }),
      ...(args.from === undefined ? {} : { from: args.from }),
      ...(args.to === undefined ? {} : { to: args.to }),
      fallbackIdentity: args.identity,
      idWindow: args.idWindow,
      ...(args.uncommitted ? {} : { readUncommitted: false }),
      checkProcessOffsets: args.processOffsets,
      lsoGraceMs: args.lsoGraceMs,
      ...(args.maxUnknownShare === undefined ? {} : { maxUnknownShare: args.maxUnknownShare }),
      ...(tool === undefined ? {} : { transactionsTool: tool }),
      maxExamples: args.examples,
      ...(args.quiet ? {} : { onProgress: progress.update }),
    });
    progress.end();
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
    return report.verdict === "PASS" ? 0 : 1;
  } catch (error) {
    const reason = isOnceportError(error) ? `${error.reason}: ` : "";
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`onceport-audit: could not audit: ${reason}${message}\n`);
    if (args.json) io.stdout.write(`${JSON.stringify({ verdict: "ERROR", error: `${reason}${message}` })}\n`);
    return 2;
  }
}

/** find-hanging needs Kafka's jars: the given folder, else the ones this repository's broker uses. */
async function transactionsTool(args: AuditArgs, io: CommandIo): Promise<TransactionsTool | undefined> {
  if (!args.findHanging) return undefined;
  if (args.kafkaLibs !== undefined) return { libsDir: args.kafkaLibs };
  try {
    const kafkaDev = await import("@onceport/kafka-dev");
    return { libsDir: await kafkaDev.ensureJars() };
  } catch (error) {
    if (!args.quiet)
      io.stderr.write(`[audit] find-hanging off: no Kafka jars (${(error as Error).message})\n`);
    return undefined;
  }
}

/** Continuous mode runs no find-hanging (a JVM start per topic and round); its LSO check stays. */
async function runContinuous(args: AuditArgs, io: CommandIo): Promise<number> {
  let lastAnomalies = 0;
  const audit = await startContinuousAudit({
    brokers: args.brokers,
    topics: args.topics,
    adapter: args.kafkaClient,
    ...(args.ledger === undefined ? {} : { ledger: args.ledger }),
    fallbackIdentity: args.identity,
    idWindow: args.idWindow,
    intervalMs: args.intervalMs,
    lsoGraceMs: args.lsoGraceMs,
    metricsPort: args.metricsPort,
    metricsHost: args.metricsHost,
    onRound: (round) => {
      // Quiet rounds (nothing new, no new anomaly) print nothing: the metrics show they ran.
      if (!args.quiet && (round.records > 0 || round.anomalies !== lastAnomalies)) {
        io.stderr.write(
          `[audit] round ${round.round}: ${round.records} new records, ${round.anomalies} anomalies in all\n`,
        );
      }
      lastAnomalies = round.anomalies;
    },
    onError: (error) => io.stderr.write(`[audit] round failed: ${(error as Error).message}\n`),
  });
  io.stderr.write(`[audit] continuous; metrics on http://${audit.metricsAddress}/metrics\n`);
  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const final = await audit.stop();
  io.stdout.write(args.json ? `${JSON.stringify(final, null, 2)}\n` : formatText(final));
  return final.verdict === "PASS" ? 0 : 1;
}
