package dev.onceport.sdk;

/**
 * The reasons the Java SDK acts on or raises itself: one home for their spelling, the
 * gateway's table being libs/errors/src/reasons.ts (until a generated one replaces both).
 */
final class Reasons {
  static final String PRODUCER_FENCED = "PRODUCER_FENCED";
  static final String SESSION_NOT_FOUND = "SESSION_NOT_FOUND";
  static final String COMMIT_OUTCOME_UNKNOWN = "COMMIT_OUTCOME_UNKNOWN";
  static final String TRANSACTION_ABORTED = "TRANSACTION_ABORTED";
  static final String TRANSACTION_NOT_FOUND = "TRANSACTION_NOT_FOUND";
  static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  static final String RESERVED_HEADER = "RESERVED_HEADER";
  static final String GATEWAY_UNAVAILABLE = "GATEWAY_UNAVAILABLE";
  static final String INTERNAL = "INTERNAL";
  /** Raised by the SDK: its owner closed the client, publisher, worker or subscription. */
  static final String CLIENT_CLOSED = "CLIENT_CLOSED";
  /** Raised by the SDK: the publisher was closed (kept as it was named before CLIENT_CLOSED). */
  static final String PUBLISHER_CLOSED = "PUBLISHER_CLOSED";

  private Reasons() {}
}
