import type { Command } from "../command.ts";
import { auditCommand } from "./audit.ts";
import { publishCommand } from "./publish.ts";
import { sessionCommand } from "./session.ts";
import { subscribeCommand, tailCommand } from "./subscribe.ts";
import { topicsCommand } from "./topics.ts";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  publishCommand,
  subscribeCommand,
  tailCommand,
  auditCommand,
  sessionCommand,
  topicsCommand,
];
