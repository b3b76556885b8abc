import { describe, expect, it } from "vitest";
import { FairShares } from "./fair-shares.ts";

describe("FairShares", () => {
  it("refuses a principal past its share while others still get theirs, up to the total", () => {
    const shares = new FairShares("audits", { total: 3, perPrincipal: 2 });
    const first = shares.take("greedy");
    shares.take("greedy");
    expect(() => shares.take("greedy")).toThrow(
      expect.objectContaining({ reason: "PRINCIPAL_LIMIT_REACHED" }),
    );
    shares.take("polite");
    // Full: the gateway's limit is the reason, for a principal at its share too.
    expect(() => shares.take("third")).toThrow(expect.objectContaining({ reason: "SESSION_LIMIT_REACHED" }));
    expect(() => shares.take("greedy")).toThrow(expect.objectContaining({ reason: "SESSION_LIMIT_REACHED" }));
    first();
    expect(shares.size).toBe(2);
    expect(() => shares.take("third")).not.toThrow();
  });

  it("gives back once, however often the release is called, and forgets a principal holding nothing", () => {
    const shares = new FairShares("workers", { total: 10, perPrincipal: 1 });
    const release = shares.take("p");
    release();
    release();
    expect(shares.size).toBe(0);
    expect(shares.heldBy("p")).toBe(0);
    expect(() => shares.take("p")).not.toThrow();
  });
});
