package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.onceport.v1.RetryPolicyProto;
import dev.onceport.v1.RetryPolicySpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  /**
   * Every field of the shared spec (proto/onceport/v1/retry_policy.proto) is set and lands in
   * DEFAULT: a field added to the spec fails here until the SDK maps it.
   */
  @Test
  void defaultIsTheSharedSpec() {
    RetryPolicySpec spec =
        RetryPolicyProto.getDescriptor().getOptions().getExtension(RetryPolicyProto.retryDefaults);
    RetryPolicy policy = RetryPolicy.DEFAULT;
    Map<String, Double> mapped =
        Map.of(
            "max_attempts", (double) policy.maxAttempts(),
            "initial_delay_ms", (double) policy.initial().toMillis(),
            "max_delay_ms", (double) policy.maximum().toMillis(),
            "multiplier", policy.multiplier(),
            "max_elapsed_ms", (double) policy.deadline().toMillis());
    assertEquals(mapped.size(), RetryPolicySpec.getDescriptor().getFields().size());
    for (FieldDescriptor field : RetryPolicySpec.getDescriptor().getFields()) {
      assertTrue(spec.hasField(field), "the spec sets " + field.getName());
      double want = ((Number) spec.getField(field)).doubleValue();
      assertEquals(want, mapped.get(field.getName()), "DEFAULT's " + field.getName());
    }
  }

  /** maxAttempts counts the first attempt: a policy of 3 allows two retries. */
  @Test
  void stopsAtMaxAttempts() {
    RetryPolicy.Backoff backoff = new RetryPolicy(Duration.ZERO, Duration.ZERO, 1, null, 3).start();
    int allowed = 0;
    while (backoff.nextDelayNanos() >= 0 && allowed <= 10) allowed++;
    assertEquals(2, allowed);
  }
}
