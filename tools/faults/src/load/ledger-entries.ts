import type { LedgerEntry, Outcome } from "@onceport/audit";
import type { RecordResult } from "@onceport/sdk";
import type { ClientPlan, PlannedPublish } from "./plan.ts";

/**
 * The ledger lines of one publish: where each record landed when acknowledged (from the
 * answer, so the audit can tell a lost record from one not yet readable), else the
 * partition it was sent to. Throws when the gateway put a record elsewhere than asked.
 */
export function ledgerEntries(
  plan: ClientPlan,
  publish: PlannedPublish,
  outcome: Outcome,
  results: readonly RecordResult[] = [],
): LedgerEntry[] {
  const landed = new Map(results.map((result) => [result.messageId, result]));
  return publish.records.map((record) => {
    const base = {
      messageId: record.messageId,
      clientId: plan.clientId,
      topic: plan.topic,
      partition: record.partition,
      sequence: record.sequence,
    };
    if (outcome !== "acknowledged") return { ...base, outcome };
    const result = landed.get(record.messageId);
    if (!result) throw new Error(`the answer to ${publish.idempotencyKey} lacks ${record.messageId}`);
    if (result.partition !== record.partition || result.topic !== plan.topic) {
      throw new Error(
        `${record.messageId} was sent to ${plan.topic}/${record.partition} but landed in ${result.topic}/${result.partition}`,
      );
    }
    return { ...base, outcome, offset: result.offset };
  });
}
