import { status } from "@grpc/grpc-js";

/**
 * Every reason Onceport answers with, its gRPC code, and whether the same call
 * may simply be retried. A retry of a publish is always made with the same
 * idempotency key, so "retriable" never risks a duplicate.
 */
export const reasons = {
  // Sessions and fencing
  PRODUCER_FENCED: { code: status.FAILED_PRECONDITION, retriable: false },
  SESSION_NOT_FOUND: { code: status.NOT_FOUND, retriable: false },
  SESSION_LIMIT_REACHED: { code: status.RESOURCE_EXHAUSTED, retriable: true },
  SESSION_BUSY: { code: status.RESOURCE_EXHAUSTED, retriable: true },
  // Transactions
  TRANSACTION_NOT_FOUND: { code: status.FAILED_PRECONDITION, retriable: false },
  TRANSACTION_IN_PROGRESS: { code: status.FAILED_PRECONDITION, retriable: false },
  TRANSACTION_TIMED_OUT: { code: status.ABORTED, retriable: false },
  TRANSACTION_ABORTED: { code: status.ABORTED, retriable: true },
  COMMIT_OUTCOME_UNKNOWN: { code: status.UNAVAILABLE, retriable: true },
  // Input
  INVALID_ARGUMENT: { code: status.INVALID_ARGUMENT, retriable: false },
  MALFORMED_REQUEST: { code: status.INVALID_ARGUMENT, retriable: false },
  MISSING_IDEMPOTENCY_KEY: { code: status.INVALID_ARGUMENT, retriable: false },
  /** The idempotency key committed before with other records (or another kind of call): nothing was written now. */
  IDEMPOTENCY_KEY_REUSED: { code: status.INVALID_ARGUMENT, retriable: false },
  EMPTY_PUBLISH: { code: status.INVALID_ARGUMENT, retriable: false },
  INVALID_CLIENT_ID: { code: status.INVALID_ARGUMENT, retriable: false },
  RESERVED_HEADER: { code: status.INVALID_ARGUMENT, retriable: false },
  TOPIC_NOT_FOUND: { code: status.NOT_FOUND, retriable: false },
  PARTITION_NOT_FOUND: { code: status.NOT_FOUND, retriable: false },
  RECORD_TOO_LARGE: { code: status.INVALID_ARGUMENT, retriable: false },
  REQUEST_TOO_LARGE: { code: status.RESOURCE_EXHAUSTED, retriable: false },
  TOO_MANY_RECORDS: { code: status.RESOURCE_EXHAUSTED, retriable: false },
  STREAM_NOT_OPEN: { code: status.FAILED_PRECONDITION, retriable: false },
  // Process (consume-transform-produce)
  /** A batch went unanswered past its lease: it was dropped, the worker left the group; join again. */
  BATCH_LEASE_EXPIRED: { code: status.ABORTED, retriable: true },
  /** A batch is not open for this worker (a rebalance or a shutdown took it back): its result is not written. */
  BATCH_REVOKED: { code: status.ABORTED, retriable: false },
  // Access
  UNAUTHENTICATED: { code: status.UNAUTHENTICATED, retriable: false },
  PERMISSION_DENIED: { code: status.PERMISSION_DENIED, retriable: false },
  // Limits on what one principal, or all of them, may hold at once
  /** The principal holds its limit of open sessions on this gateway: close one, or retry later. */
  PRINCIPAL_SESSION_LIMIT_REACHED: { code: status.RESOURCE_EXHAUSTED, retriable: true },
  /**
   * The principal holds its share of something the gateway bounds for everyone (interactive
   * transactions, subscriptions, Process workers, audits): end one, or retry later.
   */
  PRINCIPAL_LIMIT_REACHED: { code: status.RESOURCE_EXHAUSTED, retriable: true },
  /** The gateway holds its limit of open interactive transactions. */
  TRANSACTION_LIMIT_REACHED: { code: status.RESOURCE_EXHAUSTED, retriable: true },
  /** The principal sent requests faster than its rate allows: retry after a pause. */
  RATE_LIMITED: { code: status.RESOURCE_EXHAUSTED, retriable: true },
  // The gateway and Kafka
  KAFKA_UNAVAILABLE: { code: status.UNAVAILABLE, retriable: true },
  /** The call did not reach the gateway, or its answer was lost on the way back. */
  GATEWAY_UNAVAILABLE: { code: status.UNAVAILABLE, retriable: true },
  SHUTTING_DOWN: { code: status.UNAVAILABLE, retriable: true },
  INTERNAL: { code: status.INTERNAL, retriable: false },
  // The SDKs
  /** Raised by an SDK, not the gateway: the client or publisher was closed by its owner. */
  CLIENT_CLOSED: { code: status.FAILED_PRECONDITION, retriable: false },
  // The audit
  /** The audit could not read what it set out to (a reader stalled or timed out): nothing was judged. */
  AUDIT_INCOMPLETE: { code: status.DEADLINE_EXCEEDED, retriable: true },
  /** The gateway runs its limit of audits at once. */
  AUDIT_LIMIT_REACHED: { code: status.RESOURCE_EXHAUSTED, retriable: true },
} as const satisfies Record<string, { code: status; retriable: boolean }>;

export type Reason = keyof typeof reasons;

export function isReason(value: string): value is Reason {
  return Object.hasOwn(reasons, value);
}

/** The domain of every ErrorInfo Onceport writes. */
export const errorDomain = "onceport.dev";
