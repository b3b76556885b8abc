import { describe, expect, it } from "vitest";
import { interleaved } from "./interleave.ts";

describe("interleaved", () => {
  it("runs every variant once a round, rotating which goes first", async () => {
    const order: string[] = [];
    const variant = (name: string) => ({
      name,
      run: async (round: number) => {
        order.push(name);
        return `${name}${round}`;
      },
    });
    const results = await interleaved(3, [variant("A"), variant("B"), variant("C")], () => {});
    expect(order.join("")).toBe("ABCBCACAB");
    expect(results.get("A")).toEqual(["A0", "A1", "A2"]);
    expect(results.get("C")).toEqual(["C0", "C1", "C2"]);
  });
});
