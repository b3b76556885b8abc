package onceport

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// Tx is an open interactive transaction, handed to the function given to Client.Transaction.
type Tx struct {
	client        *Client
	sessionID     string
	transactionID string
}

// Send sends records in the transaction; they become visible only if it commits. It is not
// retried (a resent batch could be written twice within the transaction): an error ends the
// transaction, which Client.Transaction then aborts.
func (tx *Tx) Send(ctx context.Context, records []Record) ([]RecordResult, error) {
	callCtx, cancel := context.WithTimeout(withTraceContext(ctx), tx.client.callTimeout)
	defer cancel()
	response, err := tx.client.rpc.Send(callCtx, &onceportv1.SendRequest{
		SessionId: tx.sessionID, TransactionId: tx.transactionID, Records: toProtos(records),
	})
	if err != nil {
		return nil, tx.client.failed(err)
	}
	return resultsFrom(response.GetResults()), nil
}

// Transaction runs fn in an interactive transaction: it commits when fn returns nil and
// aborts when fn returns an error (which it returns). When a transaction with the same
// idempotency key committed before, fn is not run and the first transaction's result comes
// back with Duplicate set. A commit whose answer is lost is resolved by asking the gateway,
// by the key, whether it committed.
func (c *Client) Transaction(ctx context.Context, fn func(tx *Tx) error, options ...PublishOption) (*PublishResult, error) {
	key := keyOf(options)
	tx, result, err := c.begin(ctx, key)
	if err != nil || result != nil {
		return result, err
	}
	if err := fn(tx); err != nil {
		tx.abort(ctx)
		return nil, err
	}
	callCtx, cancel := context.WithTimeout(withTraceContext(ctx), c.callTimeout)
	response, err := c.rpc.CommitTransaction(callCtx, &onceportv1.CommitTransactionRequest{
		SessionId: tx.sessionID, TransactionId: tx.transactionID,
	})
	cancel()
	if err == nil {
		return &PublishResult{IdempotencyKey: key, Results: resultsFrom(response.GetResults())}, nil
	}
	err = c.failed(err)
	switch reasonOf(err) {
	case reasonCommitOutcomeUnknown, reasonSessionNotFound, reasonGatewayUnavailable:
		return c.learnOutcome(ctx, key, tx.sessionID, err)
	}
	return nil, err
}

func (c *Client) begin(ctx context.Context, key string) (*Tx, *PublishResult, error) {
	var response *onceportv1.BeginTransactionResponse
	tx := &Tx{client: c}
	err := c.call(ctx, true, func(ctx context.Context, sessionID string) (err error) {
		tx.sessionID = sessionID
		response, err = c.rpc.BeginTransaction(ctx, &onceportv1.BeginTransactionRequest{SessionId: sessionID, IdempotencyKey: key})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if response.GetAlreadyCommitted() {
		return nil, &PublishResult{IdempotencyKey: key, Results: resultsFrom(response.GetResults()), Duplicate: true}, nil
	}
	tx.transactionID = response.GetTransactionId()
	return tx, nil, nil
}

// learnOutcome begins again with the same key: the gateway answers already_committed if
// the lost commit landed. If it did not, the new transaction is aborted and the caller is
// told to run the transaction again with the same key.
func (c *Client) learnOutcome(ctx context.Context, key, sessionID string, cause error) (*PublishResult, error) {
	if reasonOf(cause) != reasonGatewayUnavailable {
		if err := c.reopen(ctx, sessionID); err != nil {
			return nil, err
		}
	}
	tx, result, err := c.begin(ctx, key)
	if err != nil || result != nil {
		return result, err
	}
	tx.abort(ctx)
	return nil, &Error{
		Reason: reasonTransactionAborted, Code: codes.Aborted, Retriable: true,
		Message: fmt.Sprintf("the transaction %s did not commit (%v); run it again with the same key", key, cause),
	}
}

// abort is best effort: the caller's own error is what matters, and the gateway aborts an
// abandoned transaction on its timeout.
func (tx *Tx) abort(ctx context.Context) {
	callCtx, cancel := context.WithTimeout(withTraceContext(context.WithoutCancel(ctx)), tx.client.callTimeout)
	defer cancel()
	_, err := tx.client.rpc.AbortTransaction(callCtx, &onceportv1.AbortTransactionRequest{
		SessionId: tx.sessionID, TransactionId: tx.transactionID,
	})
	if err != nil {
		_ = tx.client.failed(err)
	}
}
