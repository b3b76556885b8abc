import { LedgerIndex, parseLedgerLine } from "@onceport/audit";

/** A ledger sent inline (JSON lines), keeping only the audited topics' entries. */
export function ledgerFromText(jsonl: string, topics: readonly string[]): LedgerIndex | undefined {
  if (jsonl.trim() === "") return undefined;
  const keep = new Set(topics);
  const ledger = new LedgerIndex();
  for (const [index, line] of jsonl.split("\n").entries()) {
    if (line.trim() === "") continue;
    const entry = parseLedgerLine(line, `ledger line ${index + 1}`);
    if (keep.has(entry.topic)) ledger.add(entry);
  }
  return ledger;
}
