package dev.onceport.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter. A publish whose outcome is unknown is retried,
 * with the same idempotency key, until it is known; {@code deadline} (null: none) bounds how
 * long the SDK keeps trying before it throws the last retriable error.
 */
public record RetryPolicy(Duration initial, Duration maximum, double multiplier, Duration deadline) {
  /** 0 to 100 ms before the first retry, doubling up to 5 s, no deadline. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, null);

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
     * way); -1 when the deadline does not allow one.
     */
    long nextDelayNanos() {
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

    /** Sleeps before the next attempt; false when the deadline does not allow one. */
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
