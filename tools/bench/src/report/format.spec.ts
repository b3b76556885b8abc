import { describe, expect, it } from "vitest";
import { summarize } from "../measure/stats.ts";
import { num, pct, runs, table } from "./format.ts";

describe("format", () => {
  it("formats numbers, ratios and runs", () => {
    expect(num(12345.6)).toBe("12,346");
    expect(num(3.456)).toBe("3.46");
    expect(num(Number.NaN)).toBe("n/a");
    expect(pct(0.873)).toBe("87%");
    expect(runs(summarize([3, 1, 2]))).toBe("2.00 (1.00–3.00)");
    expect(runs(summarize([5]))).toBe("5.00");
  });

  it("renders a markdown table", () => {
    expect(table(["a", "b"], [["1", "x|y"]])).toBe("| a | b |\n| --- | --- |\n| 1 | x\\|y |");
  });
});
