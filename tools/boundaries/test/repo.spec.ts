import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBoundaries } from "../src/check.ts";
import { knownViolations } from "../src/known-violations.ts";
import { formatViolation } from "../src/violation.ts";

const root = resolve(import.meta.dirname, "..", "..", "..");

describe("the repository's boundaries", () => {
  const found = checkBoundaries(root).map(formatViolation);

  it("has no violation beyond the known ones", () => {
    expect(found.filter((violation) => !knownViolations.includes(violation))).toEqual([]);
  });

  it("lists no known violation that is gone (remove it from known-violations.ts)", () => {
    expect(knownViolations.filter((violation) => !found.includes(violation))).toEqual([]);
  });
});
