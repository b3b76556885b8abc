package onceport

// The reasons the SDK itself acts on or raises, named once: the gateway's are those of
// libs/errors/src/reasons.ts (the table of reasons, codes and retriable), the SDK's own
// (CLIENT_CLOSED, PUBLISHER_CLOSED) are raised only here. ReasonProducerFenced is in
// errors.go, exported since callers match it.
const (
	reasonSessionNotFound      = "SESSION_NOT_FOUND"
	reasonCommitOutcomeUnknown = "COMMIT_OUTCOME_UNKNOWN"
	reasonTransactionAborted   = "TRANSACTION_ABORTED"
	reasonInvalidArgument      = "INVALID_ARGUMENT"
	reasonReservedHeader       = "RESERVED_HEADER"
	reasonGatewayUnavailable   = "GATEWAY_UNAVAILABLE"
	reasonInternal             = "INTERNAL"
	reasonClientClosed         = "CLIENT_CLOSED"
	reasonPublisherClosed      = "PUBLISHER_CLOSED"
)
