package dev.onceport.sdk;

import java.util.List;

/**
 * A committed publish: where each record landed, in order. {@code duplicate} is true when the
 * key was published before: nothing was written, and the results are the first publish's.
 */
public record PublishResult(String idempotencyKey, List<RecordResult> results, boolean duplicate) {}
