import { describe, expect, it } from "vitest";
import { latencySummary, median, pairedRatios, quantile, summarize } from "./stats.ts";

describe("stats", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("summarizes runs with their spread", () => {
    const summary = summarize([90, 100, 110]);
    expect(summary).toMatchObject({ median: 100, min: 90, max: 110 });
    expect(summary.spreadPercent).toBeCloseTo(20);
  });

  it("takes nearest-rank quantiles", () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(500);
    expect(quantile(sorted, 0.99)).toBe(990);
    expect(quantile(sorted, 0.999)).toBe(999);
    expect(quantile([7], 0.999)).toBe(7);
  });

  it("summarizes latencies in any order", () => {
    const summary = latencySummary([5, 1, 3, 2, 4]);
    expect(summary).toMatchObject({ count: 5, p50: 3, p99: 5, p999: 5, max: 5 });
  });

  it("pairs runs by their position", () => {
    expect(pairedRatios([90, 50], [100, 100, 100])).toEqual([0.9, 0.5]);
  });
});
