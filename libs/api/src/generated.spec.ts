import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { PublishRequestSchema } from "./index.ts";

describe("generated messages", () => {
  it("round-trip through the binary wire format, optional fields included", () => {
    const request = create(PublishRequestSchema, {
      idempotencyKey: "k1",
      records: [{ topic: "t", value: new Uint8Array([7]), partition: 0 }],
    });
    const back = fromBinary(PublishRequestSchema, toBinary(PublishRequestSchema, request));
    expect(back.records[0]?.partition).toBe(0);
    expect(back.records[0]?.key).toBeUndefined();
  });
});
