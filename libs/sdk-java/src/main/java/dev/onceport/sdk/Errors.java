package dev.onceport.sdk;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Reads the gateway's errors, once, here: a gRPC status with a google.rpc.Status in the
 * grpc-status-details-bin trailer holding a google.rpc.ErrorInfo (domain "onceport.dev").
 */
final class Errors {
  static final String DOMAIN = "onceport.dev";

  private Errors() {}

  static OnceportException of(String reason, Status.Code code, String message, boolean retriable, Throwable cause) {
    return Reasons.PRODUCER_FENCED.equals(reason)
        ? new FencedException(code, message, cause)
        : new OnceportException(reason, code, message, retriable, cause);
  }

  static OnceportException from(Throwable error) {
    if (error instanceof OnceportException own) return own;
    Status status = Status.fromThrowable(error);
    com.google.rpc.Status details = StatusProto.fromThrowable(error);
    if (details != null) {
      for (Any detail : details.getDetailsList()) {
        if (!detail.is(ErrorInfo.class)) continue;
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            boolean retriable = "true".equals(info.getMetadataOrDefault("retriable", "false"));
            return of(info.getReason(), status.getCode(), details.getMessage(), retriable, error);
          }
        } catch (InvalidProtocolBufferException undecodable) {
          break; // fall through to the code alone
        }
      }
    }
    // No Onceport reason: the transport's own failure. These codes mean the call may not
    // have reached the gateway, or its answer was lost.
    boolean transient_ =
        status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    String message = status.getDescription() != null ? status.getDescription() : String.valueOf(error);
    return of(transient_ ? Reasons.GATEWAY_UNAVAILABLE : Reasons.INTERNAL, status.getCode(), message, transient_, error);
  }

  static boolean isGrpcFailure(Throwable error) {
    return error instanceof StatusRuntimeException || error instanceof io.grpc.StatusException;
  }
}
