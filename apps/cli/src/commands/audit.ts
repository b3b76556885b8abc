import { runAuditCommand } from "@onceport/audit";
import type { CliIo } from "../io.ts";

/**
 * `onceport audit ...` is `onceport-audit ...`: the audit parses its own
 * arguments and prints its own help and report. Its exit codes: 0 PASS, 1
 * anomalies found (the work "failed": the data is not exactly once), 2 could
 * not audit (wrong arguments among them).
 */
export async function audit(args: readonly string[], io: CliIo): Promise<number> {
  // Only a continuous audit ends by Ctrl-C (then prints its last report); a one-shot one just dies.
  const signal = args.includes("--continuous") ? io.interrupt?.() : undefined;
  return await runAuditCommand(args, {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    ...(signal === undefined ? {} : { signal }),
  });
}
