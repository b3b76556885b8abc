import { describe, expect, it } from "vitest";
import { runAudit } from "./run-audit.ts";

describe("runAudit options", () => {
  it.each([-0.1, 1.5, Number.NaN])("refuses a maxUnknownShare of %d before connecting", async (share) => {
    await expect(runAudit({ brokers: [], topics: ["t"], maxUnknownShare: share })).rejects.toMatchObject({
      reason: "INVALID_ARGUMENT",
      message: expect.stringContaining("maxUnknownShare must be between 0 and 1"),
    });
  });
});
