package onceport_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	onceport "onceport.dev/sdk-go"
)

func TestProcessWritesEachInputsOutputExactlyOnce(t *testing.T) {
	ctx := processContext(t)
	input, output := createTopic(t, 2), createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	inputs := seedInputs(t, ctx, client, input, 2, 40)
	group, workerID := uniqueClientID(t), uniqueClientID(t)

	worker := startWorker(t, ctx, client, group, []string{input}, convertTo(output),
		onceport.WithWorkerID(workerID), onceport.WithMaxBatchRecords(5), onceport.WithMaxInFlightBatches(2))
	readAtLeast(t, ctx, output, len(inputs))
	if err := worker.stop(); err != nil {
		t.Fatalf("a worker stopped by its context returns nil, got %v", err)
	}
	for in, writer := range checkExactlyOnce(t, output, inputs) {
		if writer != workerID {
			t.Errorf("the output of %s was written by %q", in, writer)
		}
	}
}

func TestAWorkerKilledMidBatchLosesItsLeaseAndTheNextWorkerWritesItOnce(t *testing.T) {
	ctx := processContext(t)
	input, output := createTopic(t, 2), createTopic(t, 1)
	seeder := connect(t, uniqueClientID(t))
	inputs := seedInputs(t, ctx, seeder, input, 2, 30)
	group, firstID, secondID := uniqueClientID(t), uniqueClientID(t), uniqueClientID(t)

	// The first worker has a connection of its own, closed under it while it holds its third
	// batch: to the gateway, a worker process that died.
	conn, err := grpc.NewClient(gatewayAddress(t), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	first, err := onceport.Connect(ctx, gatewayAddress(t), firstID, onceport.WithConn(conn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = first.Close(context.Background()) })
	held := make(chan *onceport.ProcessBatch, 1)
	var batches atomic.Int32
	convert := convertTo(output)
	worker := startWorker(t, ctx, first, group, []string{input}, func(ctx context.Context, batch *onceport.ProcessBatch) ([]onceport.ProcessOutput, error) {
		if batches.Add(1) < 3 {
			return convert(ctx, batch)
		}
		held <- batch
		<-ctx.Done() // ends with the stream: the batch can no longer be committed
		return nil, ctx.Err()
	}, onceport.WithMaxBatchRecords(4))
	heldBatch := <-held
	_ = conn.Close()
	var typed *onceport.Error
	if err := worker.wait(); !errors.As(err, &typed) || typed.Reason != "CLIENT_CLOSED" {
		t.Fatalf("a worker whose connection closed returns CLIENT_CLOSED, got %v", err)
	}

	second := startWorker(t, ctx, seeder, group, []string{input}, convert, onceport.WithWorkerID(secondID))
	readAtLeast(t, ctx, output, len(inputs))
	if err := second.stop(); err != nil {
		t.Fatal(err)
	}
	writers := checkExactlyOnce(t, output, inputs)
	for _, record := range heldBatch.Records {
		if writer := writers[string(record.Value)]; writer != secondID {
			t.Errorf("%s, in the killed worker's batch, was written by %q, not the next worker", record.Value, writer)
		}
	}
	if !containsValue(writers, firstID) {
		t.Errorf("the killed worker's first batches were committed before it took the third: %v", writers)
	}
}

func TestAWorkerStoppedMidBatchCommitsItAndTheNextWorkerWritesTheRestOnce(t *testing.T) {
	ctx := processContext(t)
	input, output := createTopic(t, 2), createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	inputs := seedInputs(t, ctx, client, input, 2, 30)
	group, firstID, secondID := uniqueClientID(t), uniqueClientID(t), uniqueClientID(t)

	held := make(chan *onceport.ProcessBatch, 1)
	release := make(chan struct{})
	var batches atomic.Int32
	convert := convertTo(output)
	first := startWorker(t, ctx, client, group, []string{input}, func(ctx context.Context, batch *onceport.ProcessBatch) ([]onceport.ProcessOutput, error) {
		if batches.Add(1) == 2 {
			held <- batch
			select { // answers only once the worker was told to stop
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			// And a moment after, so that the worker is leaving by then (not asserted: either
			// way the batch must be committed by this worker).
			time.Sleep(300 * time.Millisecond)
		}
		return convert(ctx, batch)
	}, onceport.WithWorkerID(firstID), onceport.WithMaxBatchRecords(4))
	heldBatch := <-held
	first.cancel()
	close(release)
	if err := first.wait(); err != nil {
		t.Fatalf("a worker stopped by its context returns nil, got %v", err)
	}

	second := startWorker(t, ctx, client, group, []string{input}, convert, onceport.WithWorkerID(secondID))
	readAtLeast(t, ctx, output, len(inputs))
	if err := second.stop(); err != nil {
		t.Fatal(err)
	}
	writers := checkExactlyOnce(t, output, inputs)
	for _, record := range heldBatch.Records {
		if writer := writers[string(record.Value)]; writer != firstID {
			t.Errorf("%s, in hand when its worker was stopped, was written by %q, not by it", record.Value, writer)
		}
	}
	if !containsValue(writers, secondID) {
		t.Errorf("the next worker wrote nothing: %v", writers)
	}
}

func TestAFailingHandlerStopsItsWorkerWithItsErrorAndItsBatchIsWrittenLater(t *testing.T) {
	ctx := processContext(t)
	input, output := createTopic(t, 1), createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	inputs := seedInputs(t, ctx, client, input, 1, 12)
	group := uniqueClientID(t)
	convert := convertTo(output)
	ratesDown := errors.New("the rates service is down")

	err := client.Process(ctx, group, []string{input}, func(ctx context.Context, batch *onceport.ProcessBatch) ([]onceport.ProcessOutput, error) {
		if slices.ContainsFunc(batch.Records, func(r onceport.ConsumedRecord) bool { return r.Offset == 8 }) {
			return nil, ratesDown
		}
		return convert(ctx, batch)
	}, onceport.WithMaxBatchRecords(4))
	if !errors.Is(err, ratesDown) {
		t.Fatalf("Process returns the handler's error, got %v", err)
	}
	// Batches before the failing one may have committed; nothing of it or after it.
	for _, record := range readTopic(t, output, 0, "read_committed") {
		input := record.Headers["onceport-input"] // "<topic>/<partition>/<offset>"
		if offset, err := strconv.Atoi(input[strings.LastIndex(input, "/")+1:]); err != nil || offset >= 8 {
			t.Errorf("the output of %s was written", input)
		}
	}

	worker := startWorker(t, ctx, client, group, []string{input}, convert)
	readAtLeast(t, ctx, output, len(inputs))
	if err := worker.stop(); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, output, inputs)

	err = client.Process(ctx, group, []string{"no-such-topic-anywhere"}, convert)
	var typed *onceport.Error
	if !errors.As(err, &typed) || typed.Reason != "TOPIC_NOT_FOUND" || typed.Retriable {
		t.Fatalf("a join the gateway refuses: %v", err)
	}
}

// processContext is longer than testContext: a worker's join and each handover take seconds.
func processContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// seedInputs publishes n inputs ("p0", "p1"...) over the partitions; it returns where each
// landed, by value, as the onceport-input header of its output names it.
func seedInputs(t *testing.T, ctx context.Context, client *onceport.Client, topic string, partitions, n int) map[string]string {
	t.Helper()
	records := make([]onceport.Record, n)
	for i := range records {
		records[i] = onceport.Record{Topic: topic, Partition: onceport.Partition(int32(i % partitions)), Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "p%d", i)}
	}
	result, err := client.Publish(ctx, records)
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{}
	for i, r := range result.Results {
		inputs[string(records[i].Value)] = fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)
	}
	return inputs
}

// convertTo is the test's transform: one output for each input, "out-" and its value.
func convertTo(output string) onceport.ProcessHandler {
	return onceport.EachRecord(func(_ context.Context, r onceport.ConsumedRecord) ([]onceport.Record, error) {
		return []onceport.Record{{Topic: output, Key: r.Key, Value: append([]byte("out-"), r.Value...)}}, nil
	})
}

type runningWorker struct {
	cancel context.CancelFunc
	done   chan error
}

// processor is what runs workers: a *onceport.Client or a *onceport.ConsumerClient.
type processor interface {
	Process(ctx context.Context, group string, topics []string, handler onceport.ProcessHandler, options ...onceport.ProcessOption) error
}

func startWorker(t *testing.T, ctx context.Context, client processor, group string, topics []string, handler onceport.ProcessHandler, options ...onceport.ProcessOption) *runningWorker {
	ctx, cancel := context.WithCancel(ctx)
	w := &runningWorker{cancel: cancel, done: make(chan error, 1)}
	go func() { w.done <- client.Process(ctx, group, topics, handler, options...) }()
	t.Cleanup(func() { _ = w.stop() })
	return w
}

// stop asks the worker to leave cleanly and returns what Process returned.
func (w *runningWorker) stop() error {
	w.cancel()
	return w.wait()
}

func (w *runningWorker) wait() error {
	err, ok := <-w.done
	if ok {
		close(w.done)
	}
	return err
}

// readAtLeast waits until the topic holds n committed records (or ctx ends).
func readAtLeast(t *testing.T, ctx context.Context, topic string, n int) {
	t.Helper()
	for ctx.Err() == nil {
		if len(readTopic(t, topic, n, "read_committed")) >= n {
			return
		}
	}
}

// checkExactlyOnce reads the outputs back from Kafka: each input's output exactly once, and
// nothing else. It returns who wrote each input's output, by input value.
func checkExactlyOnce(t *testing.T, output string, inputs map[string]string) map[string]string {
	t.Helper()
	writers := map[string]string{}
	for _, record := range readTopic(t, output, len(inputs), "read_committed") {
		in, _ := strings.CutPrefix(record.Value, "out-")
		if inputs[in] == "" || record.Headers["onceport-input"] != inputs[in] {
			t.Errorf("unexpected output %q (input %q)", record.Value, record.Headers["onceport-input"])
			continue
		}
		if _, twice := writers[in]; twice {
			t.Errorf("the output of %s was written twice", in)
		}
		writers[in] = record.Headers["onceport-client-id"]
	}
	for in := range inputs {
		if _, ok := writers[in]; !ok {
			t.Errorf("the output of %s is missing", in)
		}
	}
	return writers
}

func containsValue(m map[string]string, value string) bool {
	for _, v := range m {
		if v == value {
			return true
		}
	}
	return false
}
