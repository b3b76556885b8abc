package onceport_test

// Retries and error decoding against an in-process gRPC server (no broker): the scripted
// failures carry the gateway's error details exactly as it writes them.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	onceport "onceport.dev/sdk-go"
	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

type failure struct {
	reason    string
	retriable bool
	code      codes.Code
}

type fakeGateway struct {
	onceportv1.UnimplementedGatewayServiceServer
	mu          sync.Mutex
	failures    []failure
	publishKeys []string
	sessions    int
	traceparent []string
}

func (g *fakeGateway) OpenSession(ctx context.Context, _ *onceportv1.OpenSessionRequest) (*onceportv1.OpenSessionResponse, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sessions++
	md, _ := metadata.FromIncomingContext(ctx)
	g.traceparent = append(g.traceparent, md.Get("traceparent")...)
	return &onceportv1.OpenSessionResponse{SessionId: fmt.Sprintf("s%d", g.sessions)}, nil
}

func (g *fakeGateway) Publish(_ context.Context, request *onceportv1.PublishRequest) (*onceportv1.PublishResponse, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.publishKeys = append(g.publishKeys, request.GetIdempotencyKey())
	if len(g.failures) > 0 {
		f := g.failures[0]
		g.failures = g.failures[1:]
		st, _ := status.New(f.code, "scripted").WithDetails(&errdetails.ErrorInfo{
			Reason: f.reason, Domain: "onceport.dev", Metadata: map[string]string{"retriable": fmt.Sprint(f.retriable)},
		})
		return nil, st.Err()
	}
	return &onceportv1.PublishResponse{Duplicate: len(g.publishKeys) > 1}, nil
}

func startFake(t *testing.T, failures ...failure) (*fakeGateway, string) {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gateway := &fakeGateway{failures: failures}
	server := grpc.NewServer()
	onceportv1.RegisterGatewayServiceServer(server, gateway)
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(server.Stop)
	return gateway, listener.Addr().String()
}

var fast = onceport.WithRetry(onceport.RetryPolicy{Initial: time.Millisecond, Maximum: 10 * time.Millisecond, Multiplier: 2})

func connectFake(t *testing.T, address string, options ...onceport.Option) *onceport.Client {
	t.Helper()
	client, err := onceport.Connect(context.Background(), address, "c", options...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close(context.Background()) })
	return client
}

var record = []onceport.Record{{Topic: "t", Value: []byte("v")}}

func TestRetriableReasonsAreRetriedWithTheSameKey(t *testing.T) {
	unavailable := failure{"KAFKA_UNAVAILABLE", true, codes.Unavailable}
	gateway, address := startFake(t, unavailable, unavailable, unavailable)
	result, err := connectFake(t, address, fast).Publish(context.Background(), record)
	if err != nil {
		t.Fatal(err)
	}
	if len(gateway.publishKeys) != 4 || gateway.publishKeys[3] != gateway.publishKeys[0] || result.IdempotencyKey != gateway.publishKeys[0] {
		t.Fatalf("keys %v, result %+v", gateway.publishKeys, result)
	}
}

func TestALostSessionOrOutcomeReopensASessionAndRetriesWithTheSameKey(t *testing.T) {
	gateway, address := startFake(t,
		failure{"SESSION_NOT_FOUND", false, codes.NotFound},
		failure{"COMMIT_OUTCOME_UNKNOWN", true, codes.Unavailable})
	client := connectFake(t, address, fast)
	result, err := client.Publish(context.Background(), record, onceport.WithIdempotencyKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	if gateway.sessions != 3 || client.SessionID() != "s3" || fmt.Sprint(gateway.publishKeys) != "[k k k]" || !result.Duplicate {
		t.Fatalf("sessions %d, keys %v, result %+v", gateway.sessions, gateway.publishKeys, result)
	}
}

func TestFencedIsNeverRetriedAndStopsTheClient(t *testing.T) {
	gateway, address := startFake(t, failure{"PRODUCER_FENCED", false, codes.FailedPrecondition})
	client := connectFake(t, address, fast)
	_, err := client.Publish(context.Background(), record)
	var fenced *onceport.FencedError
	if !errors.As(err, &fenced) || fenced.Err.Code != codes.FailedPrecondition || fenced.Err.Retriable {
		t.Fatalf("got %v", err)
	}
	if _, err := client.Publish(context.Background(), record); !errors.Is(err, onceport.ErrFenced) {
		t.Fatalf("got %v", err)
	}
	if len(gateway.publishKeys) != 1 || gateway.sessions != 1 {
		t.Fatalf("keys %v, sessions %d", gateway.publishKeys, gateway.sessions)
	}
}

func TestANonRetriableReasonIsReturnedAsIs(t *testing.T) {
	gateway, address := startFake(t, failure{"TOPIC_NOT_FOUND", false, codes.NotFound})
	_, err := connectFake(t, address, fast).Publish(context.Background(), record)
	var typed *onceport.Error
	if !errors.As(err, &typed) || typed.Reason != "TOPIC_NOT_FOUND" || typed.Code != codes.NotFound || len(gateway.publishKeys) != 1 {
		t.Fatalf("got %v after %d calls", err, len(gateway.publishKeys))
	}
}

func TestRetriesStopAtThePolicyDeadline(t *testing.T) {
	busy := make([]failure, 1000)
	for i := range busy {
		busy[i] = failure{"SESSION_BUSY", true, codes.ResourceExhausted}
	}
	gateway, address := startFake(t, busy...)
	policy := onceport.WithRetry(onceport.RetryPolicy{Initial: 10 * time.Millisecond, Maximum: 20 * time.Millisecond, Multiplier: 2, Deadline: 200 * time.Millisecond})
	_, err := connectFake(t, address, policy).Publish(context.Background(), record)
	var typed *onceport.Error
	if !errors.As(err, &typed) || typed.Reason != "SESSION_BUSY" || !typed.Retriable {
		t.Fatalf("got %v", err)
	}
	if n := len(gateway.publishKeys); n < 3 || n >= 1000 {
		t.Fatalf("%d attempts", n)
	}
}

func TestTheTraceContextTravelsAsW3CTraceparent(t *testing.T) {
	previous := otel.GetTextMapPropagator()
	otel.SetTextMapPropagator(propagation.TraceContext{})
	t.Cleanup(func() { otel.SetTextMapPropagator(previous) })
	traceID, _ := trace.TraceIDFromHex("0af7651916cd43dd8448eb211c80319c")
	spanID, _ := trace.SpanIDFromHex("b7ad6b7169203331")
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: traceID, SpanID: spanID, TraceFlags: trace.FlagsSampled,
	}))
	gateway, address := startFake(t)
	client, err := onceport.Connect(ctx, address, "c")
	if err != nil {
		t.Fatal(err)
	}
	_ = client.Close(ctx)
	if fmt.Sprint(gateway.traceparent) != "[00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01]" {
		t.Fatalf("traceparent %v", gateway.traceparent)
	}
}
