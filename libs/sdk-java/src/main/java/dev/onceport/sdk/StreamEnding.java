package dev.onceport.sdk;

import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Set;

/**
 * Whether a Process or Subscribe stream that ended with an error may simply be opened again.
 * Reopening is always safe for these streams: what was not committed (Process) or not handed
 * to the reader (Subscribe) is delivered again, so it is a matter of whether it can help.
 */
final class StreamEnding {
  /** Endings that a new stream cannot cure (a lost session is the publish path's business). */
  private static final Set<String> NEVER =
      Set.of(Reasons.PRODUCER_FENCED, Reasons.SESSION_NOT_FOUND, Reasons.COMMIT_OUTCOME_UNKNOWN, Reasons.CLIENT_CLOSED);

  private StreamEnding() {}

  /**
   * The retriable endings (BATCH_LEASE_EXPIRED, SHUTTING_DOWN, GATEWAY_UNAVAILABLE,
   * KAFKA_UNAVAILABLE...), and a stream cut rather than answered: CANCELLED (a stopping
   * gateway cancels its open calls) or UNKNOWN (a reset stream) without an Onceport reason. A
   * bare INTERNAL is not retried: it more likely means the two sides disagree.
   */
  static boolean mayReopen(OnceportException error) {
    if (NEVER.contains(error.reason())) return false;
    return error.retriable() || cutByTransport(error);
  }

  private static boolean cutByTransport(OnceportException error) {
    Throwable cause = error.getCause();
    if (cause == null || !Errors.isGrpcFailure(cause)) return false;
    if (StatusProto.fromThrowable(cause) != null) return false; // the gateway's own answer
    Status.Code code = Status.fromThrowable(cause).getCode();
    return code == Status.Code.CANCELLED || code == Status.Code.UNKNOWN;
  }
}
