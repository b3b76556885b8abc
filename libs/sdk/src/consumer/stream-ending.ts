import { type Metadata, type StatusObject, status } from "@grpc/grpc-js";
import { fromGrpcError, type OnceportError } from "@onceport/errors";
import { recoveryFor } from "../retry/recovery.ts";

/**
 * Whether a Process or Subscribe stream that ended with this error may simply
 * be opened again: the retriable endings (BATCH_LEASE_EXPIRED, SHUTTING_DOWN,
 * GATEWAY_UNAVAILABLE, KAFKA_UNAVAILABLE...) and a stream cut rather than
 * answered (a stopping gateway cancels its open calls). Reopening is always
 * safe for these streams: what was not committed (Process) or not handed to
 * the reader (Subscribe) is simply delivered again.
 */
export function mayReopen(error: OnceportError): boolean {
  return recoveryFor(error) === "retry";
}

/** A stream's final status as an error, or undefined for OK. */
export function endingOf(final: StatusObject): OnceportError | undefined {
  if (final.code === status.OK) return undefined;
  const error = Object.assign(new Error(final.details), {
    code: final.code,
    details: final.details,
    metadata: final.metadata as Metadata,
  });
  return fromGrpcError(error);
}
