package onceport

import (
	"context"

	"google.golang.org/grpc/codes"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// Process runs a worker of the consumer group: exactly-once consume-transform-produce. The
// gateway reads the group's partitions of topics (read_committed) and hands the worker
// batches of one partition; handler turns each into outputs, which the gateway writes
// together with the batch's input offsets in one Kafka transaction. A batch in hand is the
// worker's lease: when its worker goes away (killed, its connection cut) or does not answer
// within the lease, nothing of it is written and its records go to the group's next owner of
// the partition, so every input's outputs are written exactly once.
//
//	err := client.Process(ctx, "eur-converter", []string{"payments"}, onceport.EachRecord(convert),
//		onceport.WithMaxInFlightBatches(4))
//
// It blocks until the worker stops. When the stream ends retriably (the gateway restarted or
// stops, a lease ran out, Kafka was unreachable, a rebalance) it joins again by itself, with
// the client's RetryPolicy (the backoff starts afresh after each successful join). It returns:
//   - nil once ctx ended and the worker left cleanly: it takes no more batches, the batches
//     in hand are answered and committed (or, past the lease and at least 30 s, cut and
//     delivered again), then it leaves the group;
//   - the handler's error, after the same clean leave (the failing batch is not written);
//   - an *Error when the gateway refuses the worker for good (TOPIC_NOT_FOUND,
//     PERMISSION_DENIED, INVALID_ARGUMENT...), when the client or its connection was closed
//     (CLIENT_CLOSED), or when reconnects went on past the policy's Deadline.
//
// Process uses no session, so it fences nobody and works on a fenced client too; the
// handler may run on up to WithMaxInFlightBatches batches at once.
func (c *Client) Process(ctx context.Context, group string, topics []string, handler ProcessHandler, options ...ProcessOption) error {
	o := processOptions{workerID: c.clientID, maxInFlightBatches: 1}
	for _, option := range options {
		option.applyProcess(&o)
	}
	if o.workerID == "" { // only a ConsumerClient made without WithClientID has no default
		return newError(reasonInvalidArgument, codes.InvalidArgument,
			"Process needs WithWorkerID (or a consumer client made WithClientID)", false)
	}
	join := &onceportv1.ProcessJoin{
		Group: group, Topics: topics, WorkerId: o.workerID, MaxBatchRecords: o.maxBatchRecords,
		MaxInFlightBatches: o.maxInFlightBatches, StartAtLatest: o.startAtLatest,
	}
	b := newBackoff(c.retry)
	for {
		if err := c.consumable(); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		outcome := c.processOnce(ctx, join, handler)
		if outcome.failure != nil {
			return outcome.failure
		}
		ending, reopen := c.streamEnding(outcome.ending)
		switch {
		case !reopen:
			return ending
		case ctx.Err() != nil: // the leave's end (OK), or its cut
			return nil
		}
		if outcome.joined {
			b = newBackoff(c.retry)
		}
		if !b.wait(ctx) {
			if ctx.Err() != nil {
				return nil
			}
			return ending
		}
	}
}

func (c *Client) processOnce(ctx context.Context, join *onceportv1.ProcessJoin, handler ProcessHandler) streamOutcome {
	stream, err := openWorkerStream(ctx, c, join, handler)
	if err != nil {
		return streamOutcome{ending: err}
	}
	return stream.run(ctx)
}
