import type { Command } from "../command.ts";

const summary = "read topics back and check them: duplicates, lost or aborted writes, order, Process outputs";

/**
 * `onceport audit ...` is `onceport-audit ...`: the audit parses its own
 * arguments and prints its own help and report. Its exit codes: 0 PASS, 1
 * anomalies found (the work "failed": the data is not exactly once), 2 could
 * not audit (wrong arguments among them).
 */
export const auditCommand: Command = {
  name: "audit",
  summary,
  help: "Run `onceport audit --help` (the audit's own usage).",
  async run(args, io) {
    // Loaded when used: every other command starts faster without the audit's modules.
    const { runAuditCommand } = await import("@onceport/audit");
    // Only a continuous audit ends by Ctrl-C (then prints its last report); a one-shot one just dies.
    const signal = args.includes("--continuous") ? io.interrupt?.() : undefined;
    return await runAuditCommand(args, {
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      ...(signal === undefined ? {} : { signal }),
    });
  },
};
