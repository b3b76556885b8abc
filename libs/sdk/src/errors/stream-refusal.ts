import type { PublishStreamError } from "@onceport/api";
import { isReason, OnceportError } from "@onceport/errors";

/** A publish refused on a stream (bad input: the stream goes on), as an OnceportError. */
export function streamRefusal(refusal: PublishStreamError, idempotencyKey: string): OnceportError {
  const reason = isReason(refusal.reason) ? refusal.reason : "INTERNAL";
  return new OnceportError(reason, `publish ${idempotencyKey} was refused: ${refusal.message}`, {
    code: refusal.code,
  });
}
