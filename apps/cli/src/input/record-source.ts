import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { UsageError } from "@onceport/errors";
import type { PublishRecord } from "@onceport/sdk";
import type { CliIo } from "../io.ts";
import { InputError } from "./input-error.ts";

/** How input lines become records: `text`, a line is a value; `jsonl`, a line is a JSON object. */
export type InputFormat = "text" | "jsonl";

/** What the flags say about every record; a JSON line may override each part. */
export interface RecordDefaults {
  readonly topic: string | undefined;
  readonly key: string | undefined;
  readonly partition: number | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The records of a publish, one per argument or input line (empty lines are
 * skipped), read lazily so that a large file streams through in bounded memory.
 */
export async function* recordSource(
  values: readonly string[],
  file: string | undefined,
  format: InputFormat,
  defaults: RecordDefaults,
  io: CliIo,
): AsyncGenerator<PublishRecord> {
  let line = 0;
  for await (const text of lines(values, file, io)) {
    line++;
    if (text.trim() === "") continue;
    yield format === "text" ? textRecord(text, defaults, line) : jsonRecord(text, defaults, line);
  }
}

async function* lines(
  values: readonly string[],
  file: string | undefined,
  io: CliIo,
): AsyncGenerator<string> {
  if (values.length > 0) {
    if (file !== undefined) throw new UsageError("give record values or --file, not both");
    yield* values;
    return;
  }
  if (file === undefined && io.stdin.isTTY) {
    throw new UsageError("no records: give values as arguments, --file PATH, or pipe them on stdin");
  }
  const input = file === undefined || file === "-" ? io.stdin : createReadStream(resolve(io.cwd, file));
  yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

function textRecord(value: string, defaults: RecordDefaults, line: number): PublishRecord {
  if (defaults.topic === undefined)
    throw new UsageError("--topic is required (or use --format jsonl with a topic per line)");
  return withDefaults({ value }, defaults, line);
}

function jsonRecord(text: string, defaults: RecordDefaults, line: number): PublishRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `line ${line}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !("value" in parsed)) {
    throw new InputError(`line ${line}: expected an object with a "value", such as {"key":"k","value":"v"}`);
  }
  const object = parsed as Record<string, unknown>;
  const value = typeof object.value === "string" ? object.value : JSON.stringify(object.value);
  const headers = object.headers ?? {};
  if (
    typeof headers !== "object" ||
    headers === null ||
    Object.values(headers).some((v) => typeof v !== "string")
  ) {
    throw new InputError(`line ${line}: "headers" must be an object of strings`);
  }
  return withDefaults(
    {
      value,
      ...(typeof object.topic === "string" ? { topic: object.topic } : {}),
      ...(typeof object.key === "string" ? { key: object.key } : {}),
      ...(typeof object.partition === "number" ? { partition: object.partition } : {}),
      ...(typeof object.messageId === "string" ? { messageId: object.messageId } : {}),
      headers: headers as Record<string, string>,
    },
    defaults,
    line,
  );
}

function withDefaults(
  record: Partial<PublishRecord> & { value: string; headers?: Record<string, string> },
  defaults: RecordDefaults,
  line: number,
): PublishRecord {
  const topic = record.topic ?? defaults.topic;
  if (topic === undefined)
    throw new InputError(`line ${line}: no topic (give --topic, or "topic" in the line)`);
  const key = record.key ?? defaults.key;
  const partition = record.partition ?? defaults.partition;
  return {
    topic,
    value: record.value,
    ...(key === undefined ? {} : { key }),
    ...(partition === undefined ? {} : { partition }),
    ...(record.messageId === undefined ? {} : { messageId: record.messageId }),
    headers: { ...defaults.headers, ...record.headers },
  };
}
