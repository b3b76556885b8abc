import { isOnceportError } from "@onceport/sdk";
import { InputError } from "./input/input-error.ts";
import type { CliIo } from "./io.ts";

/** Writes one JSON document, one line. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLine(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}

/**
 * Reports a failure on stderr: the reason, the message, and whether running
 * the same command again is safe; as one JSON object with `--json`.
 */
export function printError(
  io: CliIo,
  error: unknown,
  json: boolean,
  context: Record<string, unknown> = {},
): void {
  const message = error instanceof Error ? error.message : String(error);
  const described = isOnceportError(error)
    ? { reason: error.reason, code: error.code, retriable: error.retriable, message }
    : { reason: error instanceof InputError ? "INVALID_ARGUMENT" : "INTERNAL", retriable: false, message };
  if (json) {
    io.stderr.write(`${JSON.stringify({ error: { ...described, ...context } })}\n`);
    return;
  }
  io.stderr.write(`onceport: ${described.reason}: ${described.message}\n`);
  const key = context.idempotencyKey;
  if (described.retriable && typeof key === "string") {
    io.stderr.write(
      `onceport: safe to run again with --idempotency-key ${key}: it is written at most once\n`,
    );
  }
}
