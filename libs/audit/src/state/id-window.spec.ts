import { describe, expect, it } from "vitest";
import { Bitset } from "./growable.ts";
import { IdWindow } from "./id-window.ts";

describe("IdWindow", () => {
  it("returns where an id was first seen, while it is in the window", () => {
    const window = new IdWindow(10);
    expect(window.see("a", 0, 5)).toBeUndefined();
    expect(window.see("b", 1, 6)).toBeUndefined();
    expect(window.see("a", 2, 7)).toEqual({ partition: 0, offset: 5 });
    expect(window.held).toBe(2);
  });

  it("holds at most its capacity, forgetting the oldest first", () => {
    const window = new IdWindow(3);
    for (const [i, id] of ["a", "b", "c", "d"].entries()) window.see(id, 0, i);
    expect(window.held).toBe(3);
    expect(window.evicted).toBe(1);
    expect(window.see("a", 0, 10)).toBeUndefined(); // forgotten: seen as new (and "b" goes)
    expect(window.see("c", 0, 11)).toEqual({ partition: 0, offset: 2 });
    expect(window.see("d", 0, 12)).toEqual({ partition: 0, offset: 3 });
    expect(window.see("a", 0, 13)).toEqual({ partition: 0, offset: 10 });
  });
});

describe("Bitset", () => {
  it("keeps one bit per value from its base, growing as needed", () => {
    const bits = new Bitset(100);
    bits.add(100);
    bits.add(100_000);
    expect([bits.has(100), bits.has(101), bits.has(100_000), bits.has(99), bits.has(5_000_000)]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(bits.bytes).toBeLessThan(20_000);
  });
});
