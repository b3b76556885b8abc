// A bound on unknown outcomes. "At most once" is all the audit can ask of a write whose outcome
// is unknown (read once or never are both fine), so such writes escape the lost-write check: a
// run in which every write ended unknown would pass every check and prove nothing. The bound
// fails a topic where more than a stated share of the ledger's writes ended unknown.
import type { AnomalyLog } from "../report/anomaly.ts";

export interface TopicOutcomes {
  /** Ledger entries (message ids) of the topic. */
  entries: number;
  /** Of which ended unknown (the ledger's last word, see outcomeAfter). */
  unknown: number;
}

export function checkUnknownShare(
  perTopic: ReadonlyMap<string, TopicOutcomes>,
  maxShare: number,
  log: AnomalyLog,
): void {
  log.note("unknownOutcomes", `at most ${percent(maxShare)} of a topic's writes may end unknown`);
  for (const [topic, { entries, unknown }] of perTopic) {
    if (entries === 0 || unknown / entries <= maxShare) continue;
    log.add("unknownOutcomes", {
      kind: "too-many-unknown",
      topic,
      detail: `${unknown} of ${entries} writes (${percent(unknown / entries)}) ended with their outcome unknown, more than the bound of ${percent(maxShare)}`,
    });
  }
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}
