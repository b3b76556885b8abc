// The process around runAuditCommand: real stdout/stderr, and SIGINT/SIGTERM end a continuous audit.
import { runAuditCommand } from "./cli/run-audit-command.ts";

export async function main(argv: readonly string[]): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await runAuditCommand(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      signal: stop.signal,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
