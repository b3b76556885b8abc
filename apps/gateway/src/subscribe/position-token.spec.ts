import { describe, expect, it } from "vitest";
import { decodePosition, encodePosition } from "./position-token.ts";

describe("position tokens", () => {
  it("round-trip every partition's next offset, also beyond 2^53", () => {
    const positions = [
      { topic: "orders", partition: 0, nextOffset: 0n },
      { topic: "orders", partition: 7, nextOffset: 2n ** 60n + 1n },
      { topic: "payments.eu", partition: 1, nextOffset: 42n },
    ];
    const token = encodePosition(positions);
    expect(token).toMatch(/^p1\.[A-Za-z0-9_-]+$/);
    expect(decodePosition(token)).toEqual(positions);
  });

  it.each([
    ["no version", "abc"],
    ["not base64url", "p1.a+b/c="],
    ["not a position", `p1.${Buffer.from([0xff, 0xff, 0xff]).toString("base64url")}`],
    ["a negative offset", encodePosition([{ topic: "t", partition: 0, nextOffset: -1n }])],
  ])("refuses %s with INVALID_ARGUMENT", (_, token) => {
    expect(() => decodePosition(token)).toThrow(expect.objectContaining({ reason: "INVALID_ARGUMENT" }));
  });
});
