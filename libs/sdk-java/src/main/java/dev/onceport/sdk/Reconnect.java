package dev.onceport.sdk;

import java.time.Duration;

/**
 * A worker's or a subscription's stream ended retriably: a new one opens after {@code delay}.
 * {@code attempt} counts the reconnects since the last stream that worked. For logs and
 * metrics.
 */
public record Reconnect(OnceportException error, int attempt, Duration delay) implements WorkerEvent {}
