import { describe, expect, it } from "vitest";
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
