// Hanging transactions and LSO lag. A transaction left open holds the partition's last stable
// offset (LSO) where it began, and every read_committed reader stalls there. The audit compares
// the LSO with the high watermark (HW) when it begins; where HW > LSO, a transaction was open,
// and the LSO must reach that HW within the grace period (counted from the audit's start: every
// transaction open then has ended), else the transaction is reported as holding the LSO ("lso-stuck"), with the producer that
// holds it when Kafka's tools are available. Kafka's own `find-hanging` adds the transactions
// the coordinator has forgotten (stuck until aborted by hand).
import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaAdmin } from "@onceport/kafka";
import { stableOffsets } from "../kafka/offsets.ts";
import { partitionKey } from "../kafka/partition-range.ts";
import type { PlannedPartition } from "../kafka/plan-ranges.ts";
import { describeProducers, findHanging, type TransactionsTool } from "../kafka/transactions-tool.ts";
import type { AnomalyLog } from "../report/anomaly.ts";

export interface TransactionsCheckOptions {
  readonly admin: KafkaAdmin;
  readonly brokers: readonly string[];
  readonly log: AnomalyLog;
  readonly planned: readonly PlannedPartition[];
  readonly highWatermarks: ReadonlyMap<string, number>;
  readonly auditStartedAt: number;
  readonly lsoGraceMs: number;
  readonly tool?: TransactionsTool;
  readonly findHangingMaxTimeoutMinutes: number;
  /** Stops waiting for open transactions and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export async function checkTransactions(options: TransactionsCheckOptions): Promise<void> {
  const { log } = options;
  const open = options.planned.filter(
    (p) => (options.highWatermarks.get(partitionKey(p.topic, p.partition)) ?? p.stable) > p.stable,
  );
  const stuck = new Set(open.map((p) => partitionKey(p.topic, p.partition)));
  /** The LSO last seen of each partition that had a transaction open. */
  const latest = new Map(open.map((p) => [partitionKey(p.topic, p.partition), p.stable]));
  const partitions = open.map((p) => ({ topic: p.topic, partition: p.partition }));
  for (;;) {
    options.signal?.throwIfAborted();
    if (partitions.length > 0) {
      for (const [key, stable] of await stableOffsets(options.admin, partitions)) {
        latest.set(key, stable);
        // Every transaction open at the start has ended once the LSO reaches the HW seen then.
        // Merely moving is not enough: another transaction ending (its marker written a moment
        // late) moves the LSO up to the first offset of one still hanging.
        if (stable >= (options.highWatermarks.get(key) ?? stable)) stuck.delete(key);
      }
    }
    const waited = Date.now() - options.auditStartedAt;
    if (stuck.size === 0 || waited >= options.lsoGraceMs) break;
    await sleep(Math.min(250, options.lsoGraceMs - waited));
  }
  const waited = Date.now() - options.auditStartedAt;
  for (const p of open) {
    const key = partitionKey(p.topic, p.partition);
    if (!stuck.has(key)) continue;
    const hw = options.highWatermarks.get(key) ?? p.stable;
    const lso = latest.get(key) ?? p.stable;
    let holder = "";
    if (options.tool !== undefined) {
      try {
        const producers = await describeProducers(options.tool, options.brokers, p.topic, p.partition);
        const holding = producers.filter((producer) => producer.currentTransactionStartOffset >= 0);
        holder = holding
          .map(
            (producer) =>
              `; producer ${producer.producerId} (epoch ${producer.producerEpoch}) has a transaction open since offset ${producer.currentTransactionStartOffset}, last write ${new Date(producer.lastTimestamp).toISOString()}`,
          )
          .join("");
      } catch (error) {
        log.note("hangingTransactions", `describe-producers failed: ${(error as Error).message}`);
      }
    }
    log.add("hangingTransactions", {
      kind: "lso-stuck",
      topic: p.topic,
      partition: p.partition,
      offsets: [String(lso), String(hw)],
      detail: `the LSO stayed below ${hw}, the high watermark when the audit began, for at least ${waited} ms (it is at ${lso}, lag ${hw - lso}): an open transaction blocks read_committed readers${holder}`,
    });
  }
  if (options.tool === undefined) {
    log.note("hangingTransactions", "find-hanging not run (no Kafka tools classpath given)");
    return;
  }
  for (const topic of new Set(options.planned.map((p) => p.topic))) {
    try {
      for (const hanging of await findHanging(
        options.tool,
        options.brokers,
        topic,
        options.findHangingMaxTimeoutMinutes,
      )) {
        log.add("hangingTransactions", {
          kind: "hanging",
          topic,
          partition: hanging.partition,
          offsets: [String(hanging.startOffset)],
          detail: `kafka-transactions find-hanging: producer ${hanging.producerId} (epoch ${hanging.producerEpoch}) open since offset ${hanging.startOffset} for ${hanging.durationMinutes} min, unknown to its coordinator`,
        });
      }
    } catch (error) {
      log.note("hangingTransactions", `find-hanging failed on ${topic}: ${(error as Error).message}`);
    }
  }
}
