import { getOption } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { file_onceport_v1_retry_policy, RetryPolicySpecSchema, retry_defaults } from "@onceport/api";
import { describe, expect, it } from "vitest";
import { backoffDelay, defaultRetryPolicy, retryPolicy } from "./retry-policy.ts";

describe("retry policy", () => {
  it("defaults to the shared spec of proto/onceport/v1/retry_policy.proto, every field of it", () => {
    // A field added to the spec fails here until the SDK maps it.
    const spec = reflect(RetryPolicySpecSchema, getOption(file_onceport_v1_retry_policy, retry_defaults));
    const mapped: Record<string, number> = {
      maxAttempts: defaultRetryPolicy.maxAttempts,
      initialDelayMs: defaultRetryPolicy.initialDelayMs,
      maxDelayMs: defaultRetryPolicy.maxDelayMs,
      multiplier: defaultRetryPolicy.multiplier,
      maxElapsedMs: defaultRetryPolicy.maxElapsedMs,
    };
    expect(RetryPolicySpecSchema.fields.map((field) => field.localName).sort()).toEqual(
      Object.keys(mapped).sort(),
    );
    for (const field of RetryPolicySpecSchema.fields) {
      expect(spec.isSet(field), `the spec sets ${field.name}`).toBe(true);
      expect(mapped[field.localName], field.name).toBe(spec.get(field));
    }
  });

  const policy = retryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 });

  it("doubles the bound per retry up to the cap, and stays within [bound/2, bound)", () => {
    const bounds = [100, 200, 400, 800, 1_000, 1_000];
    bounds.forEach((bound, index) => {
      const retry = index + 1;
      expect(backoffDelay(retry, policy, () => 0)).toBe(bound / 2);
      expect(backoffDelay(retry, policy, () => 0.999_999)).toBeLessThan(bound);
      expect(backoffDelay(retry, policy, () => 0.999_999)).toBeGreaterThan(bound * 0.99);
    });
  });

  it("spreads delays with jitter, never past the cap", () => {
    const delays = Array.from({ length: 1_000 }, () => backoffDelay(30, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThan(1_000);
    expect(new Set(delays.map((delay) => Math.round(delay))).size).toBeGreaterThan(100);
  });

  it("keeps a first retry quick and a whole run of retries bounded in time by default", () => {
    expect(backoffDelay(1, defaultRetryPolicy, () => 1)).toBeLessThanOrEqual(
      defaultRetryPolicy.initialDelayMs,
    );
    let worst = 0;
    for (let retry = 1; retry < defaultRetryPolicy.maxAttempts; retry++) {
      worst += backoffDelay(retry, defaultRetryPolicy, () => 1);
    }
    // maxElapsedMs stops it earlier still; the attempt count alone bounds it too.
    expect(worst).toBeLessThan(2 * 60_000);
  });

  it("refuses nonsense", () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => retryPolicy({ multiplier: 0.5 })).toThrow(RangeError);
    expect(() => retryPolicy({ initialDelayMs: Number.NaN })).toThrow(RangeError);
  });
});
