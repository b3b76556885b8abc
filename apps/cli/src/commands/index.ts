import type { Command } from "../command.ts";
import { publishCommand } from "./publish.ts";
import { sessionCommand } from "./session.ts";
import { topicsCommand } from "./topics.ts";

/**
 * Every command, in the order `--help` lists them. `subscribe`/`tail` (once
 * the gateway serves Subscribe) and `audit` (once the audit service exists)
 * are one entry each here.
 */
export const commands: readonly Command[] = [publishCommand, sessionCommand, topicsCommand];
