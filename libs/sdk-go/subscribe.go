package onceport

import (
	"context"
	"iter"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// SubscribeBatch is committed records of one partition, in offset order, and where to
// resume after them.
type SubscribeBatch struct {
	// Records is empty only in the first batch of a StartAtLatest subscription: it carries
	// just the position the gateway placed the subscription at, so that a resume from it
	// misses nothing committed since.
	Records []ConsumedRecord
	// Position is an opaque token: the position after these records, in every partition of
	// the subscription. Keep the last one you finished with and pass it to WithPosition to
	// resume right after it.
	Position string
}

// Subscribe reads topics, read_committed: nothing of an aborted or open transaction is
// handed out. It is an iterator of batches, each with a position token:
//
//	for batch, err := range client.Subscribe(ctx, []string{"orders"}, onceport.WithPosition(saved)) {
//		if err != nil {
//			return err
//		}
//		handle(batch.Records)
//		saved = batch.Position
//	}
//
// When the stream drops retriably (a gateway restart or stop, Kafka unreachable) it opens
// again by itself, with the client's RetryPolicy, from the position of the last batch handed
// out: each batch once, none skipped. Breaking out of the loop, or ctx ending, ends the
// subscription without an error; an error that is not retriable (TOPIC_NOT_FOUND,
// PERMISSION_DENIED, a position of other topics...), or reconnects past the policy's
// Deadline, is yielded once, as an *Error, and ends it. Each range over the iterator is a
// subscription of its own, from the options' position. Subscribe uses no session: it
// works on a fenced client too.
func (c *Client) Subscribe(ctx context.Context, topics []string, options ...SubscribeOption) iter.Seq2[SubscribeBatch, error] {
	o := subscribeOptions{}
	for _, option := range options {
		option.applySubscribe(&o)
	}
	rpc := onceportv1.NewSubscribeServiceClient(c.conn)
	return func(yield func(SubscribeBatch, error) bool) {
		position := o.position
		b := newBackoff(c.retry)
		for {
			if err := c.consumable(); err != nil {
				yield(SubscribeBatch{}, err)
				return
			}
			stopped, err := c.subscribeOnce(ctx, rpc, topics, o.startAtLatest, &position, b, yield)
			if stopped || ctx.Err() != nil {
				return
			}
			ending, reopen := c.streamEnding(err)
			if !reopen {
				yield(SubscribeBatch{}, ending)
				return
			}
			if !b.wait(ctx) {
				if ctx.Err() == nil { // the policy's deadline, not the caller, ended it
					yield(SubscribeBatch{}, ending)
				}
				return
			}
		}
	}
}

// subscribeOnce runs one stream from *position, moving it on as batches are handed out.
// stopped: the reader broke out of its loop. Otherwise err is how the stream ended.
func (c *Client) subscribeOnce(
	ctx context.Context, rpc onceportv1.SubscribeServiceClient, topics []string, startAtLatest bool,
	position *string, b *backoff, yield func(SubscribeBatch, error) bool,
) (stopped bool, err error) {
	ctx, cancel := context.WithCancel(withTraceContext(ctx))
	defer cancel()
	stream, err := rpc.Subscribe(ctx, &onceportv1.SubscribeRequest{
		Topics: topics, Position: *position, StartAtLatest: startAtLatest,
	})
	if err != nil {
		return false, err
	}
	for {
		response, err := stream.Recv()
		if err != nil {
			return false, err
		}
		*b = *newBackoff(c.retry) // a working stream: the next drop starts a fresh backoff
		// Handed out: once the reader asks for the next batch, it is done with this one, so
		// a reconnect resumes after it.
		*position = response.GetPosition()
		batch := SubscribeBatch{Records: consumedFrom(response.GetRecords()), Position: response.GetPosition()}
		if !yield(batch, nil) {
			return true, nil
		}
	}
}

// consumable: Subscribe and Process need only the connection, not the session.
func (c *Client) consumable() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errClosed
	}
	return nil
}
