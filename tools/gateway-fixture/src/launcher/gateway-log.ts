import type { ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * What a gateway process writes: its JSON log lines (stdout) and its stderr lines (the test
 * entry point's warnings, a crash's stack), kept in memory up to a cap so a long run's log
 * cannot grow without bound, and appended to a file if one is named (else stderr goes on to
 * this process's). Reading never stops, so the pipes never fill and block the gateway.
 */
export class GatewayLog {
  readonly lines: string[] = [];
  readonly file: string | undefined;
  private readonly keep: number;
  private readonly stream: WriteStream | undefined;
  private readonly listeners = new Set<(line: string) => void>();

  constructor(child: ChildProcess, options: { readonly file?: string; readonly keep: number }) {
    this.file = options.file;
    this.keep = options.keep;
    if (options.file !== undefined) {
      const stream = createWriteStream(options.file, { flags: "a" });
      this.stream = stream;
      // After 'close' (not 'exit'): stdout may still hold lines when the process has exited.
      child.once("close", () => stream.end());
    }
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => this.take(line));
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) => {
      if (this.stream === undefined) process.stderr.write(`${line}\n`);
      this.take(line);
    });
  }

  /** Calls `listener` with every line from now on; the returned function stops that. */
  onLine(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The lines so far, to quote in an error: a start-up failure's reason is in them. */
  describe(): string {
    return this.file === undefined ? this.lines.join("\n") : `see ${this.file}`;
  }

  private take(line: string): void {
    if (this.lines.length < this.keep) this.lines.push(line);
    this.stream?.write(`${line}\n`);
    for (const listener of this.listeners) listener(line);
  }
}

/** The address of the gateway's "listening on" log line, if `line` is that line. */
export function listeningAddress(line: string): string | undefined {
  if (!line.includes("listening on")) return undefined;
  try {
    const entry = JSON.parse(line) as { address?: unknown; msg?: unknown };
    const listening = typeof entry.msg === "string" && entry.msg.includes("listening on");
    return listening && typeof entry.address === "string" ? entry.address : undefined;
  } catch {
    return undefined; // not a log object
  }
}
