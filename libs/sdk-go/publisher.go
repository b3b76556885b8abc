package onceport

import (
	"context"
	"errors"
	"io"
	"sync"

	"google.golang.org/grpc/codes"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// Publisher is the publish stream: many publishes in flight, acknowledged in order once
// their transaction committed. When the stream breaks, every publish not yet acknowledged is
// sent again, with its key, on a new stream (on a new session when the old one is gone), so
// one that did commit is answered as a duplicate and written once.
type Publisher struct {
	client  *Client
	mu      sync.Mutex
	changed *sync.Cond // signalled whenever unacked shrinks or the publisher fails
	unacked []*Ack
	queue   *sendQueue // the current stream's; each stream has its own
	closing bool
	failure error
	done    chan struct{}
}

// Ack is the future of one publish on a Publisher.
type Ack struct {
	key     string
	message *onceportv1.PublishStreamRequest
	done    chan struct{}
	result  *PublishResult
	err     error
}

// Done is closed once the publish is acknowledged or failed.
func (a *Ack) Done() <-chan struct{} { return a.done }

// Wait returns the publish's result once its transaction committed.
func (a *Ack) Wait(ctx context.Context) (*PublishResult, error) {
	select {
	case <-a.done:
		return a.result, a.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (a *Ack) settle(result *PublishResult, err error) {
	a.result, a.err = result, err
	close(a.done)
}

// Publisher opens a publish stream on the client's session.
func (c *Client) Publisher(ctx context.Context) (*Publisher, error) {
	if _, err := c.usable(); err != nil {
		return nil, err
	}
	p := &Publisher{client: c, queue: newSendQueue(), done: make(chan struct{})}
	p.changed = sync.NewCond(&p.mu)
	go p.run(context.WithoutCancel(ctx))
	return p, nil
}

// Publish queues a publish; the Ack settles once its transaction committed, or with a typed error.
func (p *Publisher) Publish(records []Record, options ...PublishOption) *Ack {
	key := keyOf(options)
	ack := &Ack{key: key, done: make(chan struct{}), message: &onceportv1.PublishStreamRequest{
		Kind: &onceportv1.PublishStreamRequest_Publish{Publish: &onceportv1.PublishStreamPublish{
			IdempotencyKey: key, Records: toProtos(records),
		}},
	}}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.failure != nil:
		ack.settle(nil, p.failure)
	case p.closing:
		ack.settle(nil, &Error{Reason: reasonClientClosed, Code: codes.Canceled, Message: "the publisher is closed"})
	default:
		p.unacked = append(p.unacked, ack)
		p.queue.push(ack)
	}
	return ack
}

// Close waits until every publish is acknowledged (or failed), then ends the stream.
func (p *Publisher) Close(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.changed.Broadcast()
		p.mu.Unlock()
	})
	defer stop()
	p.mu.Lock()
	for len(p.unacked) > 0 && ctx.Err() == nil {
		p.changed.Wait()
	}
	p.closing = true
	p.queue.close()
	failure := p.failure
	p.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return failure
}

func (p *Publisher) run(ctx context.Context) {
	defer close(p.done)
	b := newBackoff(p.client.retry)
	for {
		sessionID, err := p.client.usable()
		if err == nil {
			err = p.stream(ctx, sessionID)
		}
		p.mu.Lock()
		finished := p.closing && len(p.unacked) == 0
		p.mu.Unlock()
		if finished {
			return
		}
		if err == nil { // ended without an error, by a gateway stopping gracefully
			b.wait(ctx)
			continue
		}
		err = p.client.failed(err)
		switch {
		case errors.Is(err, ErrFenced):
		case shouldReopen(err):
			if err = p.client.reopen(ctx, sessionID); err == nil {
				continue
			}
		case isRetriable(err) && b.wait(ctx):
			continue
		}
		p.failAll(err)
		return
	}
}

// stream runs one stream: resends what is unacknowledged, then sends new publishes as they come.
func (p *Publisher) stream(ctx context.Context, sessionID string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := newSendQueue()
	p.mu.Lock()
	resend := append([]*Ack(nil), p.unacked...)
	p.queue.close() // ends the previous stream's sender, if it still waits
	p.queue = queue
	if p.closing {
		queue.close()
	}
	p.mu.Unlock()
	defer queue.close()

	stream, err := p.client.rpc.PublishStream(withTraceContext(ctx))
	if err != nil {
		return err
	}
	go func() {
		if stream.Send(&onceportv1.PublishStreamRequest{Kind: &onceportv1.PublishStreamRequest_Open{
			Open: &onceportv1.PublishStreamOpen{SessionId: sessionID},
		}}) != nil {
			return
		}
		for _, ack := range resend {
			if stream.Send(ack.message) != nil {
				return // the receiving side sees the stream's error
			}
		}
		for {
			ack, ok := queue.pop()
			if !ok {
				_ = stream.CloseSend()
				return
			}
			if stream.Send(ack.message) != nil {
				return
			}
		}
	}()
	for {
		response, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		p.acknowledge(response)
	}
}

func (p *Publisher) acknowledge(response *onceportv1.PublishStreamResponse) {
	p.mu.Lock()
	if len(p.unacked) == 0 {
		p.mu.Unlock()
		return
	}
	ack := p.unacked[0]
	p.unacked = p.unacked[1:]
	p.changed.Broadcast()
	p.mu.Unlock()
	if failure := response.GetError(); failure != nil {
		ack.settle(nil, newError(failure.GetReason(), codes.Code(failure.GetCode()), failure.GetMessage(), false))
		return
	}
	ack.settle(&PublishResult{IdempotencyKey: ack.key, Results: resultsFrom(response.GetResults()), Duplicate: response.GetDuplicate()}, nil)
}

func (p *Publisher) failAll(err error) {
	p.mu.Lock()
	p.failure = err
	failed := p.unacked
	p.unacked = nil
	p.changed.Broadcast()
	p.mu.Unlock()
	for _, ack := range failed {
		ack.settle(nil, err)
	}
}

// sendQueue is an unbounded queue of publishes for one stream's sender.
type sendQueue struct {
	mu     sync.Mutex
	ready  *sync.Cond
	items  []*Ack
	closed bool
}

func newSendQueue() *sendQueue {
	q := &sendQueue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *sendQueue) push(ack *Ack) {
	q.mu.Lock()
	q.items = append(q.items, ack)
	q.mu.Unlock()
	q.ready.Signal()
}

func (q *sendQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.ready.Broadcast()
}

// pop waits for the next publish; false once the queue is closed.
func (q *sendQueue) pop() (*Ack, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.ready.Wait()
	}
	if q.closed {
		return nil, false
	}
	ack := q.items[0]
	q.items = q.items[1:]
	return ack, true
}
