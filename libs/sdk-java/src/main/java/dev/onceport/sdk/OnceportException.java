package dev.onceport.sdk;

import io.grpc.Status;

/** An Onceport error: a machine-readable reason, the gRPC code, and whether a retry is safe. */
public class OnceportException extends RuntimeException {
  private final String reason;
  private final Status.Code code;
  private final boolean retriable;

  public OnceportException(String reason, Status.Code code, String message, boolean retriable, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
    this.code = code;
    this.retriable = retriable;
  }

  /** The reason, such as PRODUCER_FENCED, SESSION_NOT_FOUND or TOPIC_NOT_FOUND. */
  public String reason() {
    return reason;
  }

  public Status.Code code() {
    return code;
  }

  /** Whether the same call may simply be retried (a publish always with the same idempotency key). */
  public boolean retriable() {
    return retriable;
  }
}
