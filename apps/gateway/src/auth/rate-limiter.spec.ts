import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.ts";

describe("the rate limit per principal", () => {
  it("allows a burst, then the rate, per principal, and says when to retry", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(10, 3, () => now);
    for (let i = 0; i < 3; i++) limiter.take("alice");
    expect(() => limiter.take("alice")).toThrow(expect.objectContaining({ reason: "RATE_LIMITED" }));
    expect(() => limiter.take("alice")).toThrow(/retry in 100 ms/);
    limiter.take("bob"); // a bucket of its own
    now += 100; // 10/s: one token back
    limiter.take("alice");
    expect(() => limiter.take("alice")).toThrow(expect.objectContaining({ code: 8 }));
    now += 60_000; // refills up to the burst, no more
    for (let i = 0; i < 3; i++) limiter.take("alice");
    expect(() => limiter.take("alice")).toThrow();
  });

  it("does nothing at a rate of 0", () => {
    const limiter = new RateLimiter(0, 1);
    for (let i = 0; i < 1000; i++) limiter.take("alice");
  });
});
