import { type ParseArgsConfig, parseArgs } from "node:util";

/** What every Onceport program exits with when its command line is wrong (0 done, 1 the work failed). */
export const USAGE_EXIT_CODE = 2;

/**
 * A command line that is wrong: an unknown flag, a missing or malformed value. It is the
 * command-line edge's error, as OnceportError is the gRPC edge's: each program's main
 * catches it, prints usageErrorText and exits with USAGE_EXIT_CODE.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === "UsageError";
}

/**
 * The one way a program tells a usage error: its name and what is wrong, then where its
 * usage is. `help` is the command that prints it, `<program> --help` unless given.
 */
export function usageErrorText(program: string, error: UsageError, help = `${program} --help`): string {
  return `${program}: ${error.message}\nRun \`${help}\` for usage.\n`;
}

/** node:util's parseArgs, whose refusals (an unknown option, a missing value) are UsageErrors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}
