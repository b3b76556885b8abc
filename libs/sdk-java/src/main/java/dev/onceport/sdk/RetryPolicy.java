package dev.onceport.sdk;

import dev.onceport.v1.RetryPolicyProto;
import dev.onceport.v1.RetryPolicySpec;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter. A publish whose outcome is unknown is retried,
 * with the same idempotency key, until it is known or the policy's bounds say to give up:
 * {@code maxAttempts} (0: none) counts the first attempt, {@code deadline} (null: none) bounds
 * how long the SDK keeps trying before it throws the last retriable error.
 */
public record RetryPolicy(
    Duration initial, Duration maximum, double multiplier, Duration deadline, int maxAttempts) {
  /**
   * The default of every Onceport SDK, declared once as the option retry_defaults of
   * proto/onceport/v1/retry_policy.proto and read from its generated descriptor.
   */
  public static final RetryPolicy DEFAULT =
      of(RetryPolicyProto.getDescriptor().getOptions().getExtension(RetryPolicyProto.retryDefaults));

  /** A policy without a bound on attempts. */
  public RetryPolicy(Duration initial, Duration maximum, double multiplier, Duration deadline) {
    this(initial, maximum, multiplier, deadline, 0);
  }

  static RetryPolicy of(RetryPolicySpec spec) {
    return new RetryPolicy(
        Duration.ofMillis(spec.getInitialDelayMs()),
        Duration.ofMillis(spec.getMaxDelayMs()),
        spec.getMultiplier(),
        Duration.ofMillis(spec.getMaxElapsedMs()),
        spec.getMaxAttempts());
  }

  Backoff start() {
    return new Backoff(this);
  }

  /** One operation's retries under the policy. */
  static final class Backoff {
    private final RetryPolicy policy;
    private final long giveUpAtNanos;
    private long ceilingNanos;
    private int retries;

    Backoff(RetryPolicy policy) {
      this.policy = policy;
      this.ceilingNanos = policy.initial.toNanos();
      this.giveUpAtNanos = policy.deadline == null ? Long.MAX_VALUE : System.nanoTime() + policy.deadline.toNanos();
    }

    /**
     * The wait before the next attempt, without waiting (for streams that wait in their own
     * way); -1 when the deadline or the attempts do not allow one.
     */
    long nextDelayNanos() {
      if (policy.maxAttempts > 0 && retries + 1 >= policy.maxAttempts) return -1;
      long delay = ThreadLocalRandom.current().nextLong(ceilingNanos + 1);
      ceilingNanos = Math.min(policy.maximum.toNanos(), (long) (ceilingNanos * policy.multiplier));
      if (giveUpAtNanos != Long.MAX_VALUE && System.nanoTime() + delay > giveUpAtNanos) return -1;
      retries++;
      return delay;
    }

    /** The retries this backoff allowed so far. */
    int retries() {
      return retries;
    }

    /** Sleeps before the next attempt; false when the deadline or the attempts do not allow one. */
    boolean await() {
      long delay = nextDelayNanos();
      if (delay < 0) return false;
      try {
        Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        return true;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
