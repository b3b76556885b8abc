import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import { UsageError } from "@onceport/errors";
import { connectionOptions, connectionOptionsHelp } from "./connection/connection-options.ts";
import type { CliIo } from "./io.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command that opens a session takes. */
export const gatewayOptions = {
  ...connectionOptions,
  "client-id": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

export const gatewayOptionsHelp = `${connectionOptionsHelp}
  --client-id ID          who publishes (env ONCEPORT_CLIENT_ID, default onceport-cli); one live
                          session per id: a second run with the same id fences the first, and
                          idempotency keys are remembered per id
  --json                  machine-readable output (errors too, on stderr)
  -h, --help              this help`;

/** `parseArgs`, strict, with wrong flags reported as a UsageError (exit 2). */
export function parse<const O extends Options>(
  args: readonly string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function clientId(flag: string | undefined, io: CliIo): string {
  return flag ?? io.env.ONCEPORT_CLIENT_ID ?? "onceport-cli";
}

export function brokers(flag: string | undefined, io: CliIo): string[] {
  return (flag ?? io.env.ONCEPORT_BROKERS ?? "127.0.0.1:19092")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "");
}

/** A whole number flag, or a UsageError. */
export function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}
