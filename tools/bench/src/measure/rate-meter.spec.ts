import { describe, expect, it } from "vitest";
import { RateMeter } from "./rate-meter.ts";

describe("RateMeter", () => {
  it("measures between the first and the last commit, whatever the window's edges", () => {
    const meter = new RateMeter();
    // Commits of 1,000 records every 1,000 ms, seen at 300, 1300 ... 9300 ms.
    for (let t = 300; t < 10_000; t += 1000) meter.add(t, 1000);
    expect(meter.burstCount).toBe(10);
    expect(meter.perSecond(10)).toBeCloseTo(1000);
  });

  it("groups the acknowledgements of one commit into one burst", () => {
    const meter = new RateMeter(2);
    for (const start of [0, 100, 200, 300]) {
      for (let i = 0; i < 50; i++) meter.add(start + i * 0.01, 1);
    }
    expect(meter.burstCount).toBe(4);
    expect(meter.perSecond(1)).toBeCloseTo(150 / 0.3);
  });

  it("falls back to the whole window with too few bursts", () => {
    const meter = new RateMeter();
    meter.add(10, 500);
    expect(meter.perSecond(2)).toBe(250);
    expect(new RateMeter().perSecond(2)).toBe(0);
  });
});
