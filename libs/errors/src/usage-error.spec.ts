import { describe, expect, it } from "vitest";
import { isUsageError, parseCommandLine, UsageError, usageErrorText } from "./usage-error.ts";

describe("UsageError", () => {
  it("is told as the program, what is wrong, and where the usage is", () => {
    const error = new UsageError("--records must be an integer >= 100");
    expect(usageErrorText("faults", error, "npm run faults -- --help")).toBe(
      "faults: --records must be an integer >= 100\nRun `npm run faults -- --help` for usage.\n",
    );
    expect(usageErrorText("onceport-audit", error)).toContain("Run `onceport-audit --help` for usage.");
  });

  it("is recognised by name, other errors are not", () => {
    expect(isUsageError(new UsageError("x"))).toBe(true);
    expect(isUsageError(new Error("x"))).toBe(false);
    expect(isUsageError("x")).toBe(false);
  });

  it("is what parseCommandLine throws for an unknown option or a missing value", () => {
    const config = { options: { topic: { type: "string" } }, strict: true } as const;
    expect(parseCommandLine({ ...config, args: ["--topic", "t"] }).values.topic).toBe("t");
    expect(() => parseCommandLine({ ...config, args: ["--bogus"] })).toThrow(UsageError);
    expect(() => parseCommandLine({ ...config, args: ["--topic"] })).toThrow(/--topic/);
  });
});
