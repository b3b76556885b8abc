import type { CliIo } from "./io.ts";

/**
 * Progress of a long publish on stderr: rewritten in place on a terminal, a
 * line a second otherwise (when asked for with --progress), a last line at the end.
 */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  private readonly io: CliIo;
  private readonly enabled: boolean;

  constructor(io: CliIo, enabled: boolean) {
    this.io = io;
    this.enabled = enabled;
  }

  update(acknowledged: number, submitted: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < (this.io.interactive ? 200 : 1_000)) return;
    this.last = now;
    this.write(`${this.describe(acknowledged)}, ${submitted - acknowledged} in flight`, false);
  }

  done(acknowledged: number): void {
    if (this.enabled) this.write(this.describe(acknowledged), true);
  }

  private describe(acknowledged: number): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return `published ${acknowledged} records in ${seconds.toFixed(1)} s (${Math.round(acknowledged / seconds)} records/s)`;
  }

  private write(text: string, final: boolean): void {
    if (this.io.interactive) this.io.stderr.write(`\r\x1b[2K${text}${final ? "\n" : ""}`);
    else this.io.stderr.write(`${text}\n`);
  }
}
