package onceport_test

// How Subscribe and Process recover from their streams' endings, against an in-process gRPC
// server (no broker) whose streams end as scripted, with the gateway's error details.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	onceport "onceport.dev/sdk-go"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

var fastRetry = onceport.WithRetry(onceport.RetryPolicy{Initial: time.Millisecond, Maximum: 5 * time.Millisecond, Multiplier: 2})

func gatewayError(code codes.Code, reason string, retriable bool) error {
	st, _ := status.New(code, "scripted").WithDetails(&errdetails.ErrorInfo{
		Reason: reason, Domain: onceport.ErrorDomain, Metadata: map[string]string{"retriable": fmt.Sprint(retriable)},
	})
	return st.Err()
}

// scriptedStreams serves Subscribe and Process: the n-th stream of each runs the n-th script.
type scriptedStreams struct {
	onceportv1.UnimplementedSubscribeServiceServer
	onceportv1.UnimplementedProcessServiceServer
	mu        sync.Mutex
	subscribe []func(*onceportv1.SubscribeRequest, onceportv1.SubscribeService_SubscribeServer) error
	process   []func(onceportv1.ProcessService_ProcessServer) error
	positions []string // the position of each Subscribe request
}

func (s *scriptedStreams) Subscribe(request *onceportv1.SubscribeRequest, stream onceportv1.SubscribeService_SubscribeServer) error {
	s.mu.Lock()
	s.positions = append(s.positions, request.GetPosition())
	script := s.subscribe[len(s.positions)-1]
	s.mu.Unlock()
	return script(request, stream)
}

func (s *scriptedStreams) Process(stream onceportv1.ProcessService_ProcessServer) error {
	s.mu.Lock()
	script := s.process[0]
	s.process = s.process[1:]
	s.mu.Unlock()
	return script(stream)
}

func startScripted(t *testing.T, streams *scriptedStreams) *onceport.Client {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := grpc.NewServer()
	onceportv1.RegisterGatewayServiceServer(server, &fakeGateway{})
	onceportv1.RegisterSubscribeServiceServer(server, streams)
	onceportv1.RegisterProcessServiceServer(server, streams)
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)
	client, err := onceport.Connect(testContext(t), listener.Addr().String(), "scripted", fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close(context.Background()) })
	return client
}

func consumed(offset int64, value string) *onceportv1.ConsumedRecord {
	return &onceportv1.ConsumedRecord{Topic: "in", Offset: offset, Value: []byte(value)}
}

func TestASubscriptionReopensAfterRetriableDropsFromTheLastPositionHandedOut(t *testing.T) {
	sendThen := func(value, position string, end error) func(*onceportv1.SubscribeRequest, onceportv1.SubscribeService_SubscribeServer) error {
		return func(_ *onceportv1.SubscribeRequest, stream onceportv1.SubscribeService_SubscribeServer) error {
			if err := stream.Send(&onceportv1.SubscribeResponse{Records: []*onceportv1.ConsumedRecord{consumed(0, value)}, Position: position}); err != nil {
				return err
			}
			return end
		}
	}
	streams := &scriptedStreams{subscribe: []func(*onceportv1.SubscribeRequest, onceportv1.SubscribeService_SubscribeServer) error{
		sendThen("a", "after-a", gatewayError(codes.Unavailable, "SHUTTING_DOWN", true)),
		sendThen("b", "after-b", status.Error(codes.Unavailable, "connection reset")), // cut, no reason
		sendThen("c", "after-c", nil), // OK: the gateway letting go, not an end
		func(*onceportv1.SubscribeRequest, onceportv1.SubscribeService_SubscribeServer) error {
			return gatewayError(codes.PermissionDenied, "PERMISSION_DENIED", false)
		},
	}}
	client := startScripted(t, streams)
	var values []string
	var errs []error
	for batch, err := range client.Subscribe(testContext(t), []string{"in"}, onceport.WithPosition("saved")) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		values = append(values, string(batch.Records[0].Value))
	}
	if !slices.Equal(values, []string{"a", "b", "c"}) {
		t.Errorf("read %v", values)
	}
	if want := []string{"saved", "after-a", "after-b", "after-c"}; !slices.Equal(streams.positions, want) {
		t.Errorf("opened at %v, want %v", streams.positions, want)
	}
	var typed *onceport.Error
	if len(errs) != 1 || !errors.As(errs[0], &typed) || typed.Reason != "PERMISSION_DENIED" {
		t.Errorf("a reason that is not retriable ends the subscription once: %v", errs)
	}
}

func TestAWorkerWhoseLeaseExpiredJoinsAgainAndItsBatchComesAgain(t *testing.T) {
	join := func(stream onceportv1.ProcessService_ProcessServer) {
		if request, err := stream.Recv(); err != nil || request.GetJoin().GetGroup() != "g" {
			t.Errorf("the first message is the join: %v, %v", request, err)
		}
		_ = stream.Send(&onceportv1.ProcessResponse{Kind: &onceportv1.ProcessResponse_Joined{Joined: &onceportv1.ProcessJoined{LeaseMs: 1000}}})
	}
	batch := func(id string) *onceportv1.ProcessResponse {
		return &onceportv1.ProcessResponse{Kind: &onceportv1.ProcessResponse_Batch{Batch: &onceportv1.ProcessBatch{
			BatchId: id, Topic: "in", Records: []*onceportv1.ConsumedRecord{consumed(7, "x")},
		}}}
	}
	results := make(chan *onceportv1.ProcessResult, 2)
	halfClosed := make(chan struct{})
	streams := &scriptedStreams{process: []func(onceportv1.ProcessService_ProcessServer) error{
		func(stream onceportv1.ProcessService_ProcessServer) error {
			join(stream)
			_ = stream.Send(batch("b1"))
			return gatewayError(codes.Aborted, "BATCH_LEASE_EXPIRED", true) // unanswered: dropped
		},
		func(stream onceportv1.ProcessService_ProcessServer) error {
			join(stream)
			_ = stream.Send(batch("b2"))
			request, err := stream.Recv()
			if err != nil {
				return err
			}
			results <- request.GetResult()
			_ = stream.Send(&onceportv1.ProcessResponse{Kind: &onceportv1.ProcessResponse_Ack{Ack: &onceportv1.ProcessAck{BatchId: "b2", NextOffset: 8}}})
			if _, err := stream.Recv(); err != io.EOF {
				t.Errorf("after the ack the worker half-closes, got %v", err)
			}
			close(halfClosed)
			return nil
		},
	}}
	client := startScripted(t, streams)
	ctx, stop := context.WithCancel(testContext(t))
	defer stop()
	var dropped []string
	done := make(chan error, 1)
	go func() {
		done <- client.Process(ctx, "g", []string{"in"}, func(ctx context.Context, batch *onceport.ProcessBatch) ([]onceport.ProcessOutput, error) {
			if batch.ID == "b1" {
				<-ctx.Done() // the stream ended under it
				dropped = append(dropped, batch.ID)
				return nil, errors.New("ignored: the batch can no longer be committed")
			}
			return []onceport.ProcessOutput{{InputOffset: 7, Record: onceport.Record{Topic: "out", Value: []byte("y")}}}, nil
		})
	}()
	result := <-results
	if result.GetBatchId() != "b2" || len(result.GetOutputs()) != 1 || result.GetOutputs()[0].GetInputOffset() != 7 {
		t.Errorf("result %v", result)
	}
	stop()
	<-halfClosed
	if err := <-done; err != nil {
		t.Errorf("a stopped worker returns nil, got %v", err)
	}
	if !slices.Equal(dropped, []string{"b1"}) || len(results) != 0 {
		t.Errorf("the expired batch's handler was cancelled and nothing sent for it: %v, %d more results", dropped, len(results))
	}
}
