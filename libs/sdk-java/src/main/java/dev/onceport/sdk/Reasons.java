package dev.onceport.sdk;

import dev.onceport.v1.Reason;

/**
 * The reasons the Java SDK acts on or raises itself, spelled by the generated enum {@link
 * Reason} (proto/onceport/v1/reasons.proto), the one table of reasons, codes and retriable of
 * every Onceport language: a reason that leaves the proto no longer compiles here.
 */
final class Reasons {
  static final String PRODUCER_FENCED = Reason.PRODUCER_FENCED.name();
  static final String SESSION_NOT_FOUND = Reason.SESSION_NOT_FOUND.name();
  static final String COMMIT_OUTCOME_UNKNOWN = Reason.COMMIT_OUTCOME_UNKNOWN.name();
  static final String TRANSACTION_ABORTED = Reason.TRANSACTION_ABORTED.name();
  static final String TRANSACTION_NOT_FOUND = Reason.TRANSACTION_NOT_FOUND.name();
  static final String INVALID_ARGUMENT = Reason.INVALID_ARGUMENT.name();
  static final String RESERVED_HEADER = Reason.RESERVED_HEADER.name();
  static final String GATEWAY_UNAVAILABLE = Reason.GATEWAY_UNAVAILABLE.name();
  static final String INTERNAL = Reason.INTERNAL.name();
  /** Raised by the SDK: its owner closed the client, publisher, worker or subscription. */
  static final String CLIENT_CLOSED = Reason.CLIENT_CLOSED.name();

  private Reasons() {}
}
