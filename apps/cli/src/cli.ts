import { UsageError, usageErrorText } from "@onceport/errors";
import type { Command } from "./command.ts";
import { commands as defaultCommands } from "./commands/index.ts";
import { type CliIo, exitCodes } from "./io.ts";

const version = "0.1.0";

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    "Usage: onceport <command> [options]",
    "",
    "Onceport's command line: exactly-once writes to Kafka through the gateway.",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    "",
    "Run `onceport <command> --help` for its options. Exit codes: 0 done, 1 failed, 2 wrong usage.",
  ].join("\n");
}

/** Runs one command line; resolves with the process exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = defaultCommands,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(`${overview(commands)}\n`);
    return exitCodes.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${overview(commands)}\n`);
    return exitCodes.ok;
  }
  if (name === "--version") {
    io.stdout.write(`${version}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`onceport: unknown command "${name}"\n\n${overview(commands)}\n`);
    return exitCodes.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(usageErrorText(`onceport ${command.name}`, error));
      return exitCodes.usage;
    }
    // A bad input line (InputError), or anything unforeseen: the work failed.
    const { printError } = await import("./output.ts");
    printError(io, error, args.includes("--json"));
    return exitCodes.failure;
  }
}
