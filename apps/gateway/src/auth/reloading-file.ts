import { readFileSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { Logger } from "../logger.ts";

/**
 * A file parsed once at start (a bad file stops the start) and again whenever
 * it changes, checked every `intervalMs`. A change that does not parse is
 * logged and ignored: the last good version stays in force.
 */
export class ReloadingFile<T> {
  private value: T;
  private version: string;
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  private readonly path: string;
  private readonly parse: (text: string) => T;
  private readonly logger: Logger;

  constructor(path: string, parse: (text: string) => T, intervalMs: number, logger: Logger) {
    this.path = path;
    this.parse = parse;
    this.logger = logger;
    this.version = versionOf(statSync(path));
    this.value = parse(readFileSync(path, "utf8"));
    this.timer = setInterval(() => {
      this.check().catch(() => {});
    }, intervalMs);
    this.timer.unref();
  }

  get current(): T {
    return this.value;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const version = versionOf(await stat(this.path));
      if (version === this.version) return;
      this.version = version;
      this.value = this.parse(readFileSync(this.path, "utf8"));
      this.logger.info({ file: this.path }, "reloaded");
    } catch (error) {
      this.logger.error(
        { file: this.path, err: error },
        "reloading failed: the last good version stays in force",
      );
    } finally {
      this.checking = false;
    }
  }
}

function versionOf(stats: { mtimeMs: number; size: number; ino: number }): string {
  return `${stats.mtimeMs}/${stats.size}/${stats.ino}`;
}
