import { describe, expect, it } from "vitest";
import { KeyFilter } from "./key-filter.ts";

describe("KeyFilter", () => {
  it("never forgets a key, and gives about 0.1% false positives per filter", () => {
    const filter = new KeyFilter(1);
    for (let i = 0; i < 4_096; i++) filter.add(`key-${i}`, BigInt(i));
    for (let i = 0; i < 4_096; i++) expect(filter.rangesOf(`key-${i}`)).toHaveLength(1);
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) if (filter.rangesOf(`other-${i}`).length > 0) falsePositives++;
    expect(falsePositives / 100_000).toBeLessThan(0.003);
  });

  it("names the stretch of offsets a key was committed in, one per filter, newest first", () => {
    const filter = new KeyFilter(10);
    for (let i = 0; i < 3 * 4_096; i++) filter.add(`key-${i}`, BigInt(1_000 + 2 * i));
    expect(filter.rangesOf("key-0")).toEqual([{ fromOffset: 1_000n, toOffset: 1_000n + 2n * 4_095n }]);
    expect(filter.rangesOf(`key-${2 * 4_096 + 5}`)).toEqual([
      { fromOffset: 1_000n + 2n * 2n * 4_096n, toOffset: 1_000n + 2n * (3n * 4_096n - 1n) },
    ]);
  });

  it("stays within maxFilters filters however many keys it takes, the last one widening", () => {
    const filter = new KeyFilter(2);
    for (let i = 0; i < 4_096; i++) filter.add(`key-${i}`, BigInt(i));
    const one = filter.bytes;
    for (let i = 4_096; i < 50_000; i++) filter.add(`key-${i}`, BigInt(i));
    expect(filter.bytes).toBe(2 * one);
    expect(filter.rangesOf("key-49999")).toContainEqual({ fromOffset: 4_096n, toOffset: 49_999n });
    expect(filter.rangesOf("key-0")).toContainEqual({ fromOffset: 0n, toOffset: 4_095n });
  });

  it("has nothing before the first key", () => {
    expect(new KeyFilter(1).rangesOf("anything")).toEqual([]);
  });
});
