import type { CliIo } from "./io.ts";

/**
 * One entry of the command table. `subscribe`, `tail` and `audit` slot in the
 * same way when the gateway and the audit service offer them.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
