import { recordBytesInBatch } from "@onceport/kafka";
import { describe, expect, it } from "vitest";
import { headerMapBatchBytes, toRecordHeaders } from "./header-map.ts";

describe("header maps", () => {
  const map = { a: Buffer.from("1"), é: ["two", Buffer.from("three")], toString: "x" };

  it("list every value of a name in order, names in map order", () => {
    expect(toRecordHeaders(map)).toEqual([
      { key: "a", value: Buffer.from("1") },
      { key: "é", value: Buffer.from("two") },
      { key: "é", value: Buffer.from("three") },
      { key: "toString", value: Buffer.from("x") },
    ]);
  });

  it("count in a batch what the listed headers count, without listing them", () => {
    const record = { key: null, value: Buffer.from("v") };
    const listed = recordBytesInBatch({ ...record, headers: toRecordHeaders(map) });
    expect(recordBytesInBatch({ ...record, headers: [] }) + headerMapBatchBytes(map)).toBe(listed);
  });
});
