// Loads a JSON-lines ledger file into a LedgerIndex, streaming (the file may be large).
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { OnceportError } from "@onceport/errors";
import { parseLedgerLine } from "./ledger-entry.ts";
import { LedgerIndex } from "./ledger-index.ts";

export interface ReadLedgerOptions {
  /** Only entries for these topics are kept: the rest cannot be judged by this audit. */
  readonly topics?: readonly string[];
}

export async function readLedger(path: string, options: ReadLedgerOptions = {}): Promise<LedgerIndex> {
  const keep = options.topics === undefined ? undefined : new Set(options.topics);
  const index = new LedgerIndex();
  const stream = createReadStream(path, { encoding: "utf8" });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", (error) =>
      reject(new OnceportError("INVALID_ARGUMENT", `cannot read ledger ${path}: ${error.message}`)),
    );
  });
  await opened;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    const entry = parseLedgerLine(line, `${path}:${lineNumber}`);
    if (keep === undefined || keep.has(entry.topic)) index.add(entry);
  }
  return index;
}
