import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { PingRequestSchema } from "./index.ts";

describe("generated messages", () => {
  it("round-trips through the binary wire format", () => {
    const bytes = toBinary(PingRequestSchema, create(PingRequestSchema, { text: "hello" }));
    expect(fromBinary(PingRequestSchema, bytes).text).toBe("hello");
  });
});
