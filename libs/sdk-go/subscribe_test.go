package onceport_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	onceport "onceport.dev/sdk-go"
)

func TestSubscribeResumesFromAPositionWithNothingTwiceAndNothingMissed(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 2)
	client := connect(t, uniqueClientID(t))
	publish := func(from, to int) {
		var records []onceport.Record
		for i := from; i < to; i++ {
			records = append(records, onceport.Record{Topic: topic, Partition: onceport.Partition(int32(i % 2)), Value: fmt.Appendf(nil, "v%d", i)})
		}
		if _, err := client.Publish(ctx, records); err != nil {
			t.Fatal(err)
		}
	}
	publish(0, 10)

	seen := map[string]int{}
	take := func(batch onceport.SubscribeBatch) {
		previous := int64(-1)
		for _, record := range batch.Records {
			if record.Topic != topic || record.Partition != batch.Records[0].Partition || record.Offset <= previous {
				t.Errorf("a batch is of one partition, in offset order: %+v", batch.Records)
			}
			if id, ok := record.Header("onceport-message-id"); !ok || len(id) == 0 {
				t.Errorf("record %s/%d/%d has no message id", record.Topic, record.Partition, record.Offset)
			}
			previous = record.Offset
			seen[string(record.Value)]++
		}
	}
	// A first reader takes one batch (of one partition: some of the records, not all), then stops.
	var position string
	for batch, err := range client.Subscribe(ctx, []string{topic}) {
		if err != nil {
			t.Fatal(err)
		}
		take(batch)
		position = batch.Position
		if len(seen) > 0 {
			break
		}
	}
	first := len(seen)
	if first == 0 || first >= 10 || position == "" {
		t.Fatalf("the first reader read %d records (position %q): no resume to test", first, position)
	}

	// More records, then a reader that resumes after that batch: everything else, once.
	publish(10, 20)
	read := first
	for batch, err := range client.Subscribe(ctx, []string{topic}, onceport.WithPosition(position)) {
		if err != nil {
			t.Fatal(err)
		}
		take(batch)
		if read += len(batch.Records); read >= 20 {
			break
		}
	}
	for i := range 20 {
		if n := seen[fmt.Sprintf("v%d", i)]; n != 1 {
			t.Errorf("v%d read %d times (the first reader read %d records)", i, n, first)
		}
	}
	if len(seen) != 20 {
		t.Errorf("read %v", seen)
	}
}

func TestSubscribeSkipsAbortedTransactionsAndResumesFromWhereALatestStartBegan(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	if _, err := client.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("before the start")}}); err != nil {
		t.Fatal(err)
	}
	// A start at the latest offsets answers first with that position alone.
	var position string
	for batch, err := range client.Subscribe(ctx, []string{topic}, onceport.StartAtLatest()) {
		if err != nil {
			t.Fatal(err)
		}
		if len(batch.Records) != 0 || batch.Position == "" {
			t.Fatalf("a start at latest handed out %+v first", batch)
		}
		position = batch.Position
		break
	}

	aborted := errors.New("aborted on purpose")
	_, err := client.Transaction(ctx, func(tx *onceport.Tx) error {
		if _, err := tx.Send(ctx, []onceport.Record{{Topic: topic, Value: []byte("aborted")}}); err != nil {
			return err
		}
		return aborted
	})
	if !errors.Is(err, aborted) {
		t.Fatal(err)
	}
	if _, err := client.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("after the start")}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for batch, err := range client.Subscribe(ctx, []string{topic}, onceport.WithPosition(position)) {
		if err != nil {
			t.Fatal(err)
		}
		for _, record := range batch.Records {
			got = append(got, string(record.Value))
		}
		if slices.Contains(got, "after the start") {
			break
		}
	}
	// The committed record after the aborted one was read, so the aborted one would have been too.
	if !slices.Equal(got, []string{"after the start"}) {
		t.Errorf("read %q", got)
	}
}

func TestSubscribeToAMissingTopicYieldsOneTypedError(t *testing.T) {
	ctx := testContext(t)
	client := connect(t, uniqueClientID(t))
	var errs []error
	for batch, err := range client.Subscribe(ctx, []string{"no-such-topic-anywhere"}) {
		if err == nil {
			t.Fatalf("read %+v from a missing topic", batch)
		}
		errs = append(errs, err)
	}
	var typed *onceport.Error
	if len(errs) != 1 || !errors.As(errs[0], &typed) || typed.Reason != "TOPIC_NOT_FOUND" || typed.Retriable {
		t.Fatalf("got %v", errs)
	}
}
