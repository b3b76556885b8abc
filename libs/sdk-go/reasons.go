package onceport

import onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"

// The reasons the SDK itself acts on or raises, spelled by the generated enum onceport.v1.Reason
// (proto/onceport/v1/reasons.proto), the one table of reasons, codes and retriable of every
// Onceport language: a reason that leaves the proto no longer compiles here.
// ReasonProducerFenced is in errors.go, exported since callers match it.
var (
	reasonSessionNotFound      = onceportv1.Reason_SESSION_NOT_FOUND.String()
	reasonCommitOutcomeUnknown = onceportv1.Reason_COMMIT_OUTCOME_UNKNOWN.String()
	reasonTransactionAborted   = onceportv1.Reason_TRANSACTION_ABORTED.String()
	reasonInvalidArgument      = onceportv1.Reason_INVALID_ARGUMENT.String()
	reasonReservedHeader       = onceportv1.Reason_RESERVED_HEADER.String()
	reasonGatewayUnavailable   = onceportv1.Reason_GATEWAY_UNAVAILABLE.String()
	reasonInternal             = onceportv1.Reason_INTERNAL.String()
	// Raised by the SDK, not the gateway: its owner closed the client or the publisher.
	reasonClientClosed = onceportv1.Reason_CLIENT_CLOSED.String()
)
