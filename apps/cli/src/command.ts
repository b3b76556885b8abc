import type { CliIo } from "./io.ts";

/** One entry of the command table (`commands/index.ts`). */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /**
   * Runs with the arguments after the command name (`--help` among them); resolves with the
   * exit code. It loads the command's modules first: only the command that runs pays for them.
   */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
