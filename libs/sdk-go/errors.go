package onceport

import (
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// ErrorDomain is the domain of every google.rpc.ErrorInfo the gateway writes.
const ErrorDomain = "onceport.dev"

// ReasonProducerFenced is the reason of a fenced client: another session of its id took over.
var ReasonProducerFenced = onceportv1.Reason_PRODUCER_FENCED.String()

// ErrFenced matches, with errors.Is, every error of a fenced client.
var ErrFenced = errors.New("onceport: producer fenced")

// Error is an Onceport error: a machine-readable reason, the gRPC code, and whether a retry is safe.
type Error struct {
	Reason    string
	Code      codes.Code
	Message   string
	Retriable bool
}

func (e *Error) Error() string { return fmt.Sprintf("onceport: %s: %s", e.Reason, e.Message) }

// Is makes errors.Is(err, ErrFenced) true for PRODUCER_FENCED.
func (e *Error) Is(target error) bool { return target == ErrFenced && e.Reason == ReasonProducerFenced }

// FencedError is returned once another session of the client id took over (PRODUCER_FENCED).
// The client never retries it and fails every later call with it. errors.As also finds the
// *Error inside (its reason, code and retriable).
type FencedError struct{ Err *Error }

func (e *FencedError) Error() string { return e.Err.Error() }

// Unwrap lets errors.As find the *Error inside, and errors.Is match ErrFenced.
func (e *FencedError) Unwrap() error { return e.Err }

func newError(reason string, code codes.Code, message string, retriable bool) error {
	e := Error{Reason: reason, Code: code, Message: message, Retriable: retriable}
	if reason == ReasonProducerFenced {
		return &FencedError{Err: &e}
	}
	return &e
}

// fromGRPC turns a failed call's status into an Onceport error, reading the ErrorInfo
// that the gateway puts in the grpc-status-details-bin trailer.
func fromGRPC(err error) error {
	if err == nil {
		return nil
	}
	var own *Error
	if errors.As(err, &own) {
		return err
	}
	st, ok := status.FromError(err)
	if !ok {
		return newError(reasonInternal, codes.Unknown, err.Error(), false)
	}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok && info.GetDomain() == ErrorDomain {
			return newError(info.GetReason(), st.Code(), st.Message(), info.GetMetadata()["retriable"] == "true")
		}
	}
	// No Onceport reason: the transport's own failure. These codes mean the call may not have
	// reached the gateway, or its answer was lost.
	transient := st.Code() == codes.Unavailable || st.Code() == codes.DeadlineExceeded
	reason := reasonInternal
	if transient {
		reason = reasonGatewayUnavailable
	}
	return newError(reason, st.Code(), st.Message(), transient)
}

// reasonOf is the Onceport reason of err, or "".
func reasonOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func isRetriable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Retriable
}
