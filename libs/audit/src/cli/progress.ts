// Progress on stderr: a bar redrawn in place on a terminal, a line every few seconds otherwise
// (logs of CI runs). The bar's total is the offsets in range, an upper bound on records.
import type { AuditProgress } from "../run-audit.ts";
import type { CommandIo } from "./command-io.ts";

export function progressPrinter(
  io: CommandIo,
  now: () => number = Date.now,
): {
  update: (progress: AuditProgress) => void;
  end: () => void;
} {
  const tty = io.stderr.isTTY === true;
  const startedAt = now();
  let phaseStartedAt = startedAt;
  let phase = "";
  let lastLine = 0;
  let drawn = false;
  return {
    update(progress) {
      const t = now();
      const changed = progress.phase !== phase;
      if (changed) {
        if (drawn && tty) io.stderr.write("\n");
        drawn = false;
        phase = progress.phase;
        phaseStartedAt = t;
      }
      if (progress.offsets === 0) {
        if (changed) io.stderr.write(`[audit] ${phase}...\n`);
        return;
      }
      // Off a terminal (CI logs): the phase's first and last line, and one every 5 s between.
      if (!tty && !changed && !progress.done && t - lastLine < 5000) return;
      lastLine = t;
      const share = Math.min(1, progress.done ? 1 : progress.records / progress.offsets);
      const seconds = (t - phaseStartedAt) / 1000;
      const rate = seconds >= 0.5 ? `  ${Math.round(progress.records / seconds)}/s` : "";
      const width = 30;
      const filled = Math.round(share * width);
      const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
      const text = `[audit] ${phase.padEnd(16)} ${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${progress.records} records${rate}`;
      if (tty) {
        io.stderr.write(`\r${text}`);
        drawn = true;
      } else io.stderr.write(`${text}\n`);
    },
    end() {
      if (drawn && tty) io.stderr.write("\n");
      drawn = false;
    },
  };
}
