package onceport

import (
	"context"
	"sync"
	"time"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// minLeaveWait: a clean leave waits at least this long (and at least a lease) for the acks
// of the batches in hand before it cuts the stream.
const minLeaveWait = 30 * time.Second

// workerStream is one Process stream: it joins, hands each batch to the handler in a
// goroutine of its own, answers with the outputs, and leaves cleanly when asked: it takes no
// more batches, waits until every batch it took is acked or rejected, then half-closes and
// waits for the gateway to end the stream (batches it did not take are revoked and delivered
// again). Nothing is sent after the half-close.
type workerStream struct {
	handler ProcessHandler
	base    context.Context // the worker's values, never cancelled: a stop lets batches finish
	stream  onceportv1.ProcessService_ProcessClient
	cut     context.CancelFunc

	// grpc-go allows one sender at a time, and no CloseSend during a Send.
	sendMu     sync.Mutex
	halfClosed bool

	mu      sync.Mutex
	taken   map[string]context.CancelFunc // batches in hand, until acked or rejected
	taking  bool
	joined  bool
	lease   time.Duration
	ended   bool
	ending  error // how Recv ended (io.EOF for OK)
	failure error // the handler's first error

	settled  chan struct{} // a batch settled (capacity 1: a wake-up, not a count)
	failed   chan struct{} // closed at the handler's first error
	done     chan struct{} // closed once the stream ended
	handlers sync.WaitGroup
}

// streamOutcome is how one stream ended.
type streamOutcome struct {
	joined  bool  // the gateway accepted the join, so the next reconnect starts a fresh backoff
	ending  error // the stream's end (io.EOF for OK)
	failure error // the handler's error: the worker stops
}

func openWorkerStream(ctx context.Context, c *Client, join *onceportv1.ProcessJoin, handler ProcessHandler) (*workerStream, error) {
	base := context.WithoutCancel(ctx)
	streamCtx, cut := context.WithCancel(withTraceContext(base))
	stream, err := onceportv1.NewProcessServiceClient(c.conn).Process(streamCtx)
	if err != nil {
		cut()
		return nil, err
	}
	s := &workerStream{
		handler: handler, base: base, stream: stream, cut: cut,
		taken: map[string]context.CancelFunc{}, taking: true,
		settled: make(chan struct{}, 1), failed: make(chan struct{}), done: make(chan struct{}),
	}
	s.send(&onceportv1.ProcessRequest{Kind: &onceportv1.ProcessRequest_Join{Join: join}})
	go s.receive()
	return s, nil
}

// run serves the stream until it ends: a leave once ctx ends or the handler fails. It
// returns once every handler it started has returned, so that none overlaps the next
// stream's.
func (s *workerStream) run(ctx context.Context) streamOutcome {
	select {
	case <-s.done:
	case <-ctx.Done():
		s.leave()
	case <-s.failed:
		s.leave()
	}
	<-s.done
	s.cut()
	s.handlers.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return streamOutcome{joined: s.joined, ending: s.ending, failure: s.failure}
}

func (s *workerStream) receive() {
	for {
		response, err := s.stream.Recv()
		if err != nil {
			s.end(err)
			return
		}
		switch kind := response.GetKind().(type) {
		case *onceportv1.ProcessResponse_Joined:
			s.mu.Lock()
			s.joined = true
			s.lease = time.Duration(kind.Joined.GetLeaseMs()) * time.Millisecond
			s.mu.Unlock()
		case *onceportv1.ProcessResponse_Batch:
			s.take(kind.Batch)
		case *onceportv1.ProcessResponse_Ack:
			s.settle(kind.Ack.GetBatchId())
		case *onceportv1.ProcessResponse_Rejected:
			// Not written: its records come again, to this worker or another.
			s.settle(kind.Rejected.GetBatchId())
		}
		// An assignment needs nothing: each batch names its partition.
	}
}

// end: whatever is still in hand can no longer be committed; it is delivered again.
func (s *workerStream) end(err error) {
	s.mu.Lock()
	s.ended, s.ending = true, err
	for _, cancel := range s.taken {
		cancel()
	}
	clear(s.taken)
	s.mu.Unlock()
	close(s.done)
}

func (s *workerStream) take(message *onceportv1.ProcessBatch) {
	s.mu.Lock()
	if !s.taking || s.ended {
		// Not taken: the gateway revokes it at the half-close and delivers it again.
		s.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(s.base)
	s.taken[message.GetBatchId()] = cancel
	s.handlers.Add(1)
	s.mu.Unlock()
	batch := &ProcessBatch{
		ID: message.GetBatchId(), Topic: message.GetTopic(), Partition: message.GetPartition(),
		Records: consumedFrom(message.GetRecords()),
	}
	go s.handle(ctx, batch)
}

// handle runs the handler on one batch and answers it, unless the batch can no longer be
// committed meanwhile.
func (s *workerStream) handle(ctx context.Context, batch *ProcessBatch) {
	defer s.handlers.Done()
	outputs, err := s.handler(ctx, batch)
	var protos []*onceportv1.ProcessOutput
	if err == nil {
		protos, err = toProtoOutputs(outputs, batch)
	}
	if ctx.Err() != nil {
		return // the stream ended or the batch was taken back: a handler that gave up is no failure
	}
	if err != nil {
		s.fail(batch.ID, err)
		return
	}
	s.send(&onceportv1.ProcessRequest{Kind: &onceportv1.ProcessRequest_Result{
		Result: &onceportv1.ProcessResult{BatchId: batch.ID, Outputs: protos},
	}})
}

// fail records the handler's first error; the worker then leaves, so its other batches may
// still commit, and this one is revoked at the half-close and delivered again.
func (s *workerStream) fail(batchID string, err error) {
	s.mu.Lock()
	if s.failure == nil {
		s.failure = err
		close(s.failed)
	}
	s.mu.Unlock()
	s.settle(batchID)
}

func (s *workerStream) settle(batchID string) {
	s.mu.Lock()
	if cancel, ok := s.taken[batchID]; ok {
		cancel()
		delete(s.taken, batchID)
	}
	s.mu.Unlock()
	select {
	case s.settled <- struct{}{}:
	default:
	}
}

// send is best effort: a failed send means the stream ended, which the receiver reports.
func (s *workerStream) send(request *onceportv1.ProcessRequest) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	if !s.halfClosed {
		_ = s.stream.Send(request)
	}
}

// leave stops taking batches, waits for those in hand to settle, then half-closes. It
// returns without waiting for the stream's end.
func (s *workerStream) leave() {
	s.mu.Lock()
	s.taking = false
	timer := time.NewTimer(max(s.lease, minLeaveWait))
	s.mu.Unlock()
	defer timer.Stop()
	for {
		s.mu.Lock()
		ended, inHand := s.ended, len(s.taken)
		s.mu.Unlock()
		if ended {
			return
		}
		if inHand == 0 {
			s.sendMu.Lock()
			s.halfClosed = true
			_ = s.stream.CloseSend()
			s.sendMu.Unlock()
			return
		}
		select {
		case <-s.settled:
		case <-s.done:
			return
		case <-timer.C:
			// The gateway answers every result; one not answered within a lease is stuck.
			// What it did not commit is delivered again, so cutting the stream is safe.
			s.cut()
			return
		}
	}
}
