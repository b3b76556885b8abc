// Where a restarted client process picks up, from its own ledger: a real application would
// keep such a journal to retry, with the same keys, what it had sent when it died.
import { type LedgerEntry, type Outcome, outcomeAfter } from "@onceport/audit";
import { type ClientPlan, publishOfMessageId } from "./plan.ts";

export interface ResumePoint {
  /** Publishes whose outcome the dead process never learnt, in order: to be sent again. */
  readonly redo: readonly number[];
  /** The first publish never sent. */
  readonly from: number;
}

export function resumePoint(plan: ClientPlan, entries: readonly LedgerEntry[]): ResumePoint {
  const outcomes = new Map<number, Outcome>();
  for (const entry of entries) {
    if (entry.clientId !== plan.clientId) continue;
    const publish = publishOfMessageId(plan, entry.messageId);
    if (publish === undefined) continue;
    // A process writes "unknown" before it sends, then what it learnt: the audit's rule, so
    // that what is sent again is what the audit judges as unknown.
    outcomes.set(publish, outcomeAfter(outcomes.get(publish), entry.outcome));
  }
  const numbers = [...outcomes.keys()].sort((a, b) => a - b);
  return {
    redo: numbers.filter((number) => outcomes.get(number) === "unknown"),
    from: numbers.length === 0 ? 0 : (numbers.at(-1) ?? 0) + 1,
  };
}
