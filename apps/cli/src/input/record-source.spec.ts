import { Readable } from "node:stream";
import { UsageError } from "@onceport/errors";
import type { PublishRecord } from "@onceport/sdk";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../io.ts";
import { InputError } from "./input-error.ts";
import { type InputFormat, type RecordDefaults, recordSource } from "./record-source.ts";

function io(stdin: string, isTTY = false): CliIo {
  return {
    stdin: Object.assign(Readable.from([stdin]), { isTTY }),
    stdout: process.stdout,
    stderr: process.stderr,
    env: {},
    cwd: process.cwd(),
    interactive: false,
  };
}

const defaults: RecordDefaults = { topic: "t", key: undefined, partition: undefined, headers: { h: "1" } };

async function read(format: InputFormat, stdin: string, values: string[] = [], given = defaults) {
  const records: PublishRecord[] = [];
  for await (const record of recordSource(values, undefined, format, given, io(stdin))) records.push(record);
  return records;
}

describe("record source", () => {
  it("text: a record per non-empty line, with the flags' topic, key, partition and headers", async () => {
    const records = await read("text", "a\r\n\nb\n", [], { ...defaults, key: "k", partition: 2 });
    expect(records).toEqual([
      { topic: "t", value: "a", key: "k", partition: 2, headers: { h: "1" } },
      { topic: "t", value: "b", key: "k", partition: 2, headers: { h: "1" } },
    ]);
  });

  it("arguments win over stdin", async () => {
    expect((await read("text", "ignored\n", ["x", "y"])).map((record) => record.value)).toEqual(["x", "y"]);
  });

  it("jsonl: each line may set its own topic, key, partition, headers and message id; other values become JSON", async () => {
    const records = await read(
      "jsonl",
      '{"value":"v","key":"k","topic":"other","partition":1,"headers":{"x":"y"},"messageId":"m"}\n{"value":{"n":1}}\n',
    );
    expect(records).toEqual([
      { topic: "other", value: "v", key: "k", partition: 1, messageId: "m", headers: { h: "1", x: "y" } },
      { topic: "t", value: '{"n":1}', headers: { h: "1" } },
    ]);
  });

  it("names the line of bad input", async () => {
    await expect(read("jsonl", '{"value":"ok"}\nnot json\n')).rejects.toThrow(/line 2: not JSON/);
    await expect(read("jsonl", '{"key":"no value"}\n')).rejects.toThrow(InputError);
    await expect(read("jsonl", '{"value":"v","headers":{"a":1}}\n')).rejects.toThrow(/headers/);
    await expect(read("jsonl", '{"value":"v"}\n', [], { ...defaults, topic: undefined })).rejects.toThrow(
      /line 1: no topic/,
    );
  });

  it("refuses to wait on a terminal for records that were not given", async () => {
    const source = recordSource([], undefined, "text", defaults, io("", true));
    await expect(source.next()).rejects.toThrow(UsageError);
  });
});
