import { Metadata, status } from "@grpc/grpc-js";
import type { OnceportError } from "@onceport/errors";

/**
 * What the SDK does about a failed call:
 * - `retry`: the same call again, after a backoff (same session, same key);
 * - `reopen`: the session is gone (the gateway restarted, or ended the session
 *   after a commit whose answer was lost): open a new one, then retry with the
 *   same key, which is how the outcome becomes known;
 * - `fenced`: another session of this client took over; stop for good (unless
 *   the fenced session is one the SDK itself had already replaced);
 * - `fail`: the call can never succeed as it is (bad input, unknown topic...).
 */
export type Recovery = "retry" | "reopen" | "fenced" | "fail";

export function recoveryFor(error: OnceportError): Recovery {
  switch (error.reason) {
    case "PRODUCER_FENCED":
      return "fenced";
    case "SESSION_NOT_FOUND":
    case "COMMIT_OUTCOME_UNKNOWN":
      return "reopen";
    case "CLIENT_CLOSED":
      return "fail";
    default:
      return error.retriable || cutByTransport(error) ? "retry" : "fail";
  }
}

/**
 * Statuses with no Onceport reason that grpc-js reports when a call is cut
 * rather than answered: CANCELLED when a stopping gateway cancels its open
 * calls (a graceful stop past its grace period), UNKNOWN when the stream was
 * reset. The call may have been carried out, so, like UNAVAILABLE, it is
 * retried, which the idempotency key makes safe. A bare INTERNAL is not: it
 * more likely means the two sides disagree (a bug, or a version skew) and
 * retrying would not help.
 */
function cutByTransport(error: OnceportError): boolean {
  const cause = error.cause as { code?: unknown; metadata?: unknown } | undefined;
  if (!cause || !(cause.metadata instanceof Metadata)) return false;
  if (cause.metadata.get("grpc-status-details-bin").length > 0) return false; // the gateway's own answer
  return cause.code === status.CANCELLED || cause.code === status.UNKNOWN;
}
