import { getOption } from "@bufbuild/protobuf";
import { file_onceport_v1_retry_policy, retry_defaults } from "@onceport/api";

/**
 * How the SDK retries a call whose outcome it does not know yet. Every retry of
 * a publish carries the same idempotency key, so retrying never writes twice;
 * the policy only bounds how long the SDK keeps trying before it gives up and
 * says the outcome is unknown.
 */
export interface RetryPolicy {
  /** Most attempts of one call, the first included. */
  readonly maxAttempts: number;
  /** Upper bound of the first backoff. */
  readonly initialDelayMs: number;
  /** Upper bound of any backoff. */
  readonly maxDelayMs: number;
  /** Growth of the bound from one retry to the next. */
  readonly multiplier: number;
  /** No retry starts once this long has passed since the first attempt. */
  readonly maxElapsedMs: number;
}

const spec = getOption(file_onceport_v1_retry_policy, retry_defaults);

/**
 * The default of every Onceport SDK, declared once as the option retry_defaults of
 * proto/onceport/v1/retry_policy.proto (with why it is what it is), read from the
 * generated descriptor.
 */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: spec.maxAttempts,
  initialDelayMs: spec.initialDelayMs,
  maxDelayMs: spec.maxDelayMs,
  multiplier: spec.multiplier,
  maxElapsedMs: spec.maxElapsedMs,
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${name} must be a number >= 0`);
  }
  if (policy.maxAttempts < 1) throw new RangeError("retry.maxAttempts must be at least 1");
  if (policy.multiplier < 1) throw new RangeError("retry.multiplier must be at least 1");
  return policy;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential,
 * capped, with "equal jitter", so it lies in [bound / 2, bound). Half the
 * bound is kept so a crowd of clients restarting together still backs off;
 * the random half spreads them out.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const bound = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.multiplier ** Math.max(0, retry - 1),
  );
  return bound / 2 + random() * (bound / 2);
}
