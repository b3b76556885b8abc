package onceport

import (
	"errors"
	"io"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/status"
)

// errGatewayLetGo is how a Subscribe or Process stream ends with OK when the SDK did not ask
// for it: a subscription has no end of its own, and a worker's stream ends OK only in answer
// to its half-close. So it is a drop like any other, and the stream is opened again.
var errGatewayLetGo = &Error{
	Reason: reasonGatewayUnavailable, Code: codes.Unavailable, Retriable: true,
	Message: "the gateway ended the stream",
}

// streamEnding says what a Subscribe or Process stream's end means: the error to report,
// and whether the stream may simply be opened again. Reopening is always safe for these
// streams (what was not committed, or not handed to the reader, is delivered again), so it
// is done for every retriable reason (BATCH_LEASE_EXPIRED, SHUTTING_DOWN, KAFKA_UNAVAILABLE,
// PRINCIPAL_LIMIT_REACHED...) and for a stream cut rather than answered: no Onceport reason
// and UNAVAILABLE or DEADLINE_EXCEEDED, or CANCELLED or UNKNOWN (a stopping gateway cancels
// its open calls, a reset stream), as the TypeScript SDK does. A connection the application
// closed is final.
func (c *Client) streamEnding(err error) (ending error, reopen bool) {
	if errors.Is(err, io.EOF) {
		return errGatewayLetGo, true
	}
	if c.conn.GetState() == connectivity.Shutdown {
		return errClosed, false
	}
	ending = fromGRPC(err)
	if hasReason(err) {
		return ending, isRetriable(ending) && !shouldReopen(ending) && !errors.Is(ending, ErrFenced)
	}
	switch status.Code(err) {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.Unknown:
		return newError(reasonGatewayUnavailable, status.Code(err), status.Convert(err).Message(), true), true
	}
	return ending, false
}

// hasReason: the gateway answered with an ErrorInfo of its own, not a bare transport status.
func hasReason(err error) bool {
	st, ok := status.FromError(err)
	if !ok {
		return false
	}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok && info.GetDomain() == ErrorDomain {
			return true
		}
	}
	return false
}
