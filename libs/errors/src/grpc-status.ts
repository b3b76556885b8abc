import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack, anyUnpack, durationFromMs } from "@bufbuild/protobuf/wkt";
import { Metadata, type StatusObject, status } from "@grpc/grpc-js";
import { ErrorInfoSchema, RetryInfoSchema, StatusSchema } from "@onceport/api";
import { OnceportError } from "./onceport-error.ts";
import { errorDomain, isReason } from "./reasons.ts";

/** The trailer gRPC's rich error model travels in. */
const detailsKey = "grpc-status-details-bin";
const retryDelayMs = 100;

/**
 * The gRPC status of an error, with a google.rpc.Status carrying ErrorInfo
 * (reason, domain, "retriable") and, when a retry is safe, RetryInfo.
 */
export function toGrpcStatus(error: OnceportError): Partial<StatusObject> {
  const errorInfo = create(ErrorInfoSchema, {
    reason: error.reason,
    domain: errorDomain,
    metadata: { retriable: String(error.retriable) },
  });
  const details = [anyPack(ErrorInfoSchema, errorInfo)];
  if (error.retriable) {
    details.push(
      anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: durationFromMs(retryDelayMs) })),
    );
  }
  const rpcStatus = create(StatusSchema, { code: error.code, message: error.message, details });
  const metadata = new Metadata();
  metadata.set(detailsKey, Buffer.from(toBinary(StatusSchema, rpcStatus)));
  return { code: error.code, details: error.message, metadata };
}

/** Any error a gRPC client call rejected with, as an OnceportError. */
export function fromGrpcError(error: unknown): OnceportError {
  if (error instanceof OnceportError) return error;
  if (!isServiceError(error)) return OnceportError.from(error);
  const [bytes] = error.metadata?.get(detailsKey) ?? [];
  if (bytes instanceof Buffer) {
    try {
      const rpcStatus = fromBinary(StatusSchema, bytes);
      for (const detail of rpcStatus.details) {
        const info = anyUnpack(detail, ErrorInfoSchema);
        if (info && info.domain === errorDomain && isReason(info.reason)) {
          return new OnceportError(info.reason, rpcStatus.message, {
            code: error.code,
            retriable: info.metadata.retriable === "true",
            cause: error,
          });
        }
      }
    } catch {
      // Undecodable details: fall through to the code alone.
    }
  }
  // No Onceport reason: the transport's own failure. These codes mean the call
  // may not have reached the gateway, or its answer was lost.
  const transient = error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED;
  return new OnceportError(transient ? "GATEWAY_UNAVAILABLE" : "INTERNAL", error.details ?? error.message, {
    code: error.code,
    retriable: transient,
    cause: error,
  });
}

interface ServiceErrorLike {
  code: status;
  details?: string;
  message: string;
  metadata?: Metadata;
}

function isServiceError(error: unknown): error is ServiceErrorLike {
  return error instanceof Error && typeof (error as Partial<ServiceErrorLike>).code === "number";
}
