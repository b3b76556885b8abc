import { create } from "@bufbuild/protobuf";
import { ConsumedRecordSchema } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { fromApiRecord } from "./consumer/consumed-record.ts";
import { fromApiResults, newIdempotencyKey, toApiRecord } from "./records.ts";

describe("records", () => {
  it("encodes strings as UTF-8 and keeps bytes, key, partition, headers and message id", () => {
    const record = toApiRecord({
      topic: "t",
      value: "hé",
      key: new Uint8Array([1, 2]),
      partition: 3,
      headers: { a: "b", c: new Uint8Array([9]) },
      messageId: "m-1",
    });
    expect(Buffer.from(record.value).toString("utf8")).toBe("hé");
    expect([...(record.key ?? [])]).toEqual([1, 2]);
    expect(record.partition).toBe(3);
    expect(record.headers.map((header) => [header.key, [...header.value]])).toEqual([
      ["a", [98]],
      ["c", [9]],
    ]);
    expect(record.messageId).toBe("m-1");
  });

  it("takes headers as a list too: repeated names and prototype names, in order", () => {
    const record = toApiRecord({
      topic: "t",
      value: "v",
      headers: [
        { key: "__proto__", value: "1" },
        { key: "a", value: "2" },
        { key: "toString", value: "3" },
        { key: "a", value: "4" },
      ],
    });
    expect(record.headers.map((header) => `${header.key}=${Buffer.from(header.value)}`)).toEqual([
      "__proto__=1",
      "a=2",
      "toString=3",
      "a=4",
    ]);
  });

  it("reads consumed headers by name without the object prototype in the way", () => {
    const consumed = fromApiRecord(
      create(ConsumedRecordSchema, {
        topic: "t",
        value: Buffer.from("v"),
        headers: [
          { key: "__proto__", value: Buffer.from("p") },
          { key: "a", value: Buffer.from("1") },
        ],
      }),
    );
    expect(String(consumed.headers.__proto__)).toBe("p");
    expect(consumed.headers.toString).toBeUndefined();
    expect(Object.keys(consumed.headers)).toEqual(["__proto__", "a"]);
    expect(consumed.headerList.map((header) => header.key)).toEqual(["__proto__", "a"]);
  });

  it("leaves key and partition absent when not given (a null key, the gateway's partitioner)", () => {
    const record = toApiRecord({ topic: "t", value: "v" });
    expect(record.key).toBeUndefined();
    expect(record.partition).toBeUndefined();
    expect(record.messageId).toBe("");
  });

  it("gives offsets as decimal strings, exact past 2^53", () => {
    const [result] = fromApiResults([
      {
        $typeName: "onceport.v1.RecordResult",
        topic: "t",
        partition: 1,
        offset: 2n ** 60n + 1n,
        messageId: "m",
      },
    ]);
    expect(result?.offset).toBe("1152921504606846977");
  });

  it("makes unique keys", () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
