package dev.onceport.sdk;

import io.grpc.Status;

/**
 * Another session of this client id took over (PRODUCER_FENCED). The client never retries it
 * and fails every later call with it.
 */
public final class FencedException extends OnceportException {
  public FencedException(Status.Code code, String message, Throwable cause) {
    super(Reasons.PRODUCER_FENCED, code, message, false, cause);
  }
}
