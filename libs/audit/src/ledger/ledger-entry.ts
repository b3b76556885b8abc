// The ledger: one JSON object per line, written by load tools and SDK tests, saying what each
// message id's writer was told. See README.md, "The ledger".
import { OnceportError } from "@onceport/errors";

export type Outcome = "acknowledged" | "failed" | "unknown";

export interface LedgerEntry {
  readonly messageId: string;
  readonly clientId: string;
  readonly topic: string;
  readonly outcome: Outcome;
  /** Where the acknowledged record landed (from the publish answer), when known. */
  readonly partition?: number;
  /** A decimal string (Kafka offsets are 64-bit); a number is accepted too. */
  readonly offset?: string;
  /** The client's sequence number for this record within (topic, partition): 0, 1, 2, ... */
  readonly sequence?: number;
}

const outcomes: ReadonlySet<string> = new Set(["acknowledged", "failed", "unknown"]);

export function formatLedgerLine(entry: LedgerEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** Parses one ledger line; throws INVALID_ARGUMENT naming the line when it is not an entry. */
export function parseLedgerLine(line: string, where: string): LedgerEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw invalid(where, "is not JSON");
  }
  if (typeof raw !== "object" || raw === null) throw invalid(where, "is not an object");
  const value = raw as Record<string, unknown>;
  const { messageId, clientId, topic, outcome, partition, offset, sequence } = value;
  if (typeof messageId !== "string" || messageId === "") throw invalid(where, "has no messageId");
  if (typeof clientId !== "string") throw invalid(where, "has no clientId");
  if (typeof topic !== "string" || topic === "") throw invalid(where, "has no topic");
  if (typeof outcome !== "string" || !outcomes.has(outcome)) {
    throw invalid(where, "has no outcome (acknowledged, failed or unknown)");
  }
  if (partition !== undefined && !isCount(partition)) throw invalid(where, "has a bad partition");
  if (sequence !== undefined && !isCount(sequence)) throw invalid(where, "has a bad sequence");
  let offsetText: string | undefined;
  if (offset !== undefined) {
    offsetText = typeof offset === "number" ? String(offset) : typeof offset === "string" ? offset : "";
    if (!/^(0|[1-9][0-9]*)$/.test(offsetText)) throw invalid(where, "has a bad offset");
  }
  return {
    messageId,
    clientId,
    topic,
    outcome: outcome as Outcome,
    ...(partition === undefined ? {} : { partition: partition as number }),
    ...(offsetText === undefined ? {} : { offset: offsetText }),
    ...(sequence === undefined ? {} : { sequence: sequence as number }),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function invalid(where: string, what: string): OnceportError {
  return new OnceportError("INVALID_ARGUMENT", `ledger ${where} ${what}`);
}
