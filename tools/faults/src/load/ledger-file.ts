// The ledger the audit reads (JSON lines, see libs/audit's README), written synchronously: a
// line written before a client process is SIGKILLed is in the kernel's page cache already,
// so what the dead process knew survives it.
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { formatLedgerLine, type LedgerEntry, parseLedgerLine } from "@onceport/audit";

export class LedgerFile {
  readonly path: string;
  private fd: number | undefined;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, "a");
  }

  write(entries: readonly LedgerEntry[]): void {
    if (entries.length === 0) return;
    if (this.fd === undefined) throw new Error(`ledger ${this.path} is closed`);
    writeSync(this.fd, entries.map(formatLedgerLine).join(""));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Every entry of a ledger file (none when it does not exist yet). */
export function readLedgerFile(path: string): LedgerEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => parseLedgerLine(line, `${path}:${index + 1}`));
}
