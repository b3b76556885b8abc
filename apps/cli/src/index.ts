// @onceport/cli as a library: run the command line in-process (tests, other tools).

export { runCli } from "./cli.ts";
export type { Command } from "./command.ts";
export { type CliIo, exitCodes, processIo } from "./io.ts";
