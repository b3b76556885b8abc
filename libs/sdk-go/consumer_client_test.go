package onceport_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	onceport "onceport.dev/sdk-go"
)

func newConsumer(t *testing.T, options ...onceport.Option) *onceport.ConsumerClient {
	t.Helper()
	consumer, err := onceport.NewConsumerClient(gatewayAddress(t), options...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = consumer.Close() })
	return consumer
}

// Two replicas of a worker, with one client id beside a publisher of that id: none fences
// another (no session is opened), the replicas share the group's partitions, and every
// input's output is written exactly once.
func TestConsumerClientsOfOneClientIDShareAGroupExactlyOnceAndFenceNobody(t *testing.T) {
	ctx := processContext(t)
	input, output := createTopic(t, 2), createTopic(t, 1)
	sharedID, group := uniqueClientID(t), uniqueClientID(t)
	firstID, secondID := uniqueClientID(t), uniqueClientID(t)
	publisher := connect(t, sharedID)
	inputs := seedInputs(t, ctx, publisher, input, 2, 10)

	first := startWorker(t, ctx, newConsumer(t, onceport.WithClientID(sharedID)), group, []string{input},
		convertTo(output), onceport.WithWorkerID(firstID), onceport.WithMaxBatchRecords(5))
	readAtLeast(t, ctx, output, len(inputs))
	second := startWorker(t, ctx, newConsumer(t, onceport.WithClientID(sharedID)), group, []string{input},
		convertTo(output), onceport.WithWorkerID(secondID), onceport.WithMaxBatchRecords(5))

	// One input to each partition a round, until a round's two outputs come from both workers:
	// the group's rebalance gave each a partition. The publisher's session, of the consumers'
	// client id, still publishes: it was not fenced.
	for round := 0; ; round++ {
		if ctx.Err() != nil {
			t.Fatalf("after %d rounds the two workers never held a partition each", round)
		}
		records := []onceport.Record{
			{Topic: input, Partition: onceport.Partition(0), Value: fmt.Appendf(nil, "r%d-0", round)},
			{Topic: input, Partition: onceport.Partition(1), Value: fmt.Appendf(nil, "r%d-1", round)},
		}
		result, err := publisher.Publish(ctx, records)
		if err != nil {
			t.Fatalf("the publisher of the consumers' client id: %v", err)
		}
		for i, r := range result.Results {
			inputs[string(records[i].Value)] = fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)
		}
		readAtLeast(t, ctx, output, len(inputs))
		writers := map[string]bool{}
		for _, record := range readTopic(t, output, len(inputs), "read_committed") {
			if record.Value == fmt.Sprintf("out-r%d-0", round) || record.Value == fmt.Sprintf("out-r%d-1", round) {
				writers[record.Headers["onceport-client-id"]] = true
			}
		}
		if writers[firstID] && writers[secondID] {
			t.Logf("the workers shared the partitions from round %d", round)
			break
		}
	}
	if err := first.stop(); err != nil {
		t.Fatalf("a worker stopped by its context returns nil, got %v", err)
	}
	if err := second.stop(); err != nil {
		t.Fatalf("a worker stopped by its context returns nil, got %v", err)
	}
	checkExactlyOnce(t, output, inputs)

	// A reader of the same client id reads the outputs, also without a session.
	read := 0
	for batch, err := range newConsumer(t, onceport.WithClientID(sharedID)).Subscribe(ctx, []string{output}) {
		if err != nil {
			t.Fatal(err)
		}
		if read += len(batch.Records); read >= len(inputs) {
			break
		}
	}
	if read != len(inputs) {
		t.Errorf("the reader read %d outputs, want %d", read, len(inputs))
	}
}

func TestAConsumerClientWithoutAClientIDNeedsAWorkerIDAndAClosedOneRefusesWork(t *testing.T) {
	ctx := testContext(t)
	handler := onceport.EachRecord(func(context.Context, onceport.ConsumedRecord) ([]onceport.Record, error) {
		return nil, nil
	})
	consumer := newConsumer(t)
	var typed *onceport.Error
	err := consumer.Process(ctx, "a-group", []string{"a-topic"}, handler)
	if !errors.As(err, &typed) || typed.Reason != "INVALID_ARGUMENT" || typed.Retriable {
		t.Fatalf("Process without a worker id: %v", err)
	}

	if err := consumer.Close(); err != nil {
		t.Fatal(err)
	}
	err = consumer.Process(ctx, "a-group", []string{"a-topic"}, handler, onceport.WithWorkerID("w"))
	if !errors.As(err, &typed) || typed.Reason != "CLIENT_CLOSED" {
		t.Fatalf("Process on a closed consumer client: %v", err)
	}
	yielded := 0
	for _, err := range consumer.Subscribe(ctx, []string{"a-topic"}) {
		yielded++
		if !errors.As(err, &typed) || typed.Reason != "CLIENT_CLOSED" {
			t.Fatalf("Subscribe on a closed consumer client: %v", err)
		}
	}
	if yielded != 1 {
		t.Fatalf("Subscribe on a closed consumer client yields its error once, yielded %d times", yielded)
	}
}
