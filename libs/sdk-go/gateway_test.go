package onceport_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	onceport "onceport.dev/sdk-go"
)

func connect(t *testing.T, clientID string) *onceport.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client, err := onceport.Connect(ctx, gatewayAddress(t), clientID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close(context.Background()) })
	return client
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestPublishIsAtomicAcrossPartitionsAndLandsAtTheReturnedOffsets(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 2)
	client := connect(t, uniqueClientID(t))
	result, err := client.Publish(ctx, []onceport.Record{
		{Topic: topic, Partition: onceport.Partition(0), Key: []byte("k0"), Value: []byte("a")},
		{Topic: topic, Partition: onceport.Partition(1), Key: []byte("k1"), Value: []byte("b")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if result.Duplicate || len(result.Results) != 2 {
		t.Fatalf("unexpected result %+v", result)
	}
	read := readTopic(t, topic, 2, "read_committed")
	if len(read) != 2 {
		t.Fatalf("read %+v", read)
	}
	for i, r := range result.Results {
		if read[i].Partition != r.Partition || read[i].Offset != r.Offset || read[i].Headers["onceport-message-id"] != r.MessageID {
			t.Errorf("record %d landed at %+v, the publish said %+v", i, read[i], r)
		}
	}
	if got := values(read); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("values %v", got)
	}
}

func TestTheSameIdempotencyKeyTwiceWritesOneCopy(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	records := []onceport.Record{{Topic: topic, Value: []byte("once")}}
	first, err := client.Publish(ctx, records, onceport.WithIdempotencyKey("order-1"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := client.Publish(ctx, records, onceport.WithIdempotencyKey("order-1"))
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || !second.Duplicate || !slices.Equal(first.Results, second.Results) {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	if got := values(readTopic(t, topic, 1, "read_committed")); !slices.Equal(got, []string{"once"}) {
		t.Errorf("read %v", got)
	}
}

func TestATransactionThatFailsIsAbortedAndShowsNothing(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	changedMyMind := errors.New("changed my mind")
	result, err := client.Transaction(ctx, func(tx *onceport.Tx) error {
		if _, err := tx.Send(ctx, []onceport.Record{{Topic: topic, Value: []byte("never")}}); err != nil {
			return err
		}
		return changedMyMind
	})
	if !errors.Is(err, changedMyMind) || result != nil {
		t.Fatalf("got %v, %v", result, err)
	}
	// A committed marker after it: once it is read, the aborted record would have been too.
	if _, err := client.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("marker")}}); err != nil {
		t.Fatal(err)
	}
	if got := values(readTopic(t, topic, 1, "read_committed")); !slices.Equal(got, []string{"marker"}) {
		t.Errorf("read_committed saw %v", got)
	}
	if got := values(readTopic(t, topic, 2, "read_uncommitted")); !slices.Equal(got, []string{"never", "marker"}) {
		t.Errorf("read_uncommitted saw %v", got)
	}
}

func TestATransactionCommitsWhenItsFunctionSucceeds(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	body := func(tx *onceport.Tx) error {
		for _, value := range []string{"one", "two"} {
			if _, err := tx.Send(ctx, []onceport.Record{{Topic: topic, Value: []byte(value)}}); err != nil {
				return err
			}
		}
		return nil
	}
	first, err := client.Transaction(ctx, body, onceport.WithIdempotencyKey("tx-1"))
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	again, err := client.Transaction(ctx, func(*onceport.Tx) error { ran = true; return nil }, onceport.WithIdempotencyKey("tx-1"))
	if err != nil {
		t.Fatal(err)
	}
	if ran || !again.Duplicate || !slices.Equal(again.Results, first.Results) || first.Results[1].Offset != 1 {
		t.Fatalf("first %+v, again %+v (ran %v)", first, again, ran)
	}
	if got := values(readTopic(t, topic, 2, "read_committed")); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("read %v", got)
	}
}

func TestASecondClientWithTheSameIDFencesTheFirst(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 1)
	id := uniqueClientID(t)
	first := connect(t, id)
	if _, err := first.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("before")}}); err != nil {
		t.Fatal(err)
	}
	second := connect(t, id)
	_, err := first.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("zombie")}})
	var fenced *onceport.FencedError
	if !errors.As(err, &fenced) || !errors.Is(err, onceport.ErrFenced) || fenced.Err.Retriable {
		t.Fatalf("expected a FencedError, got %v", err)
	}
	var typed *onceport.Error
	if !errors.As(err, &typed) || typed.Reason != "PRODUCER_FENCED" {
		t.Fatalf("expected reason PRODUCER_FENCED, got %v", err)
	}
	sessionID := first.SessionID()
	if _, err := first.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("again")}}); !errors.Is(err, onceport.ErrFenced) {
		t.Fatalf("a fenced client must stay fenced, got %v", err)
	}
	if first.SessionID() != sessionID {
		t.Fatal("a fenced client must never open a new session")
	}
	if _, err := second.Publish(ctx, []onceport.Record{{Topic: topic, Value: []byte("after")}}); err != nil {
		t.Fatal(err)
	}
	if got := values(readTopic(t, topic, 2, "read_committed")); !slices.Equal(got, []string{"before", "after"}) {
		t.Errorf("read %v", got)
	}
}

func TestThePublishStreamAcknowledgesInOrderOnceCommitted(t *testing.T) {
	ctx := testContext(t)
	topic := createTopic(t, 1)
	client := connect(t, uniqueClientID(t))
	publisher, err := client.Publisher(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acks := make([]*onceport.Ack, 20)
	want := make([]string, 20)
	for i := range acks {
		want[i] = fmt.Sprintf("m%d", i)
		acks[i] = publisher.Publish([]onceport.Record{{Topic: topic, Value: []byte(want[i])}})
	}
	first, err := acks[0].Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	duplicate := publisher.Publish([]onceport.Record{{Topic: topic, Value: []byte("m0")}}, onceport.WithIdempotencyKey(first.IdempotencyKey))
	if err := publisher.Close(ctx); err != nil {
		t.Fatal(err)
	}
	previous := int64(-1)
	for i, ack := range acks {
		result, err := ack.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if offset := result.Results[0].Offset; offset <= previous {
			t.Errorf("ack %d at offset %d after %d", i, offset, previous)
		} else {
			previous = offset
		}
	}
	if result, err := duplicate.Wait(ctx); err != nil || !result.Duplicate {
		t.Errorf("the repeated key: %+v, %v", result, err)
	}
	if got := values(readTopic(t, topic, 20, "read_committed")); !slices.Equal(got, want) {
		t.Errorf("read %v", got)
	}
}

func TestABadPublishReturnsATypedError(t *testing.T) {
	ctx := testContext(t)
	client := connect(t, uniqueClientID(t))
	_, err := client.Publish(ctx, []onceport.Record{{Topic: "no-such-topic-anywhere", Value: []byte("x")}})
	var typed *onceport.Error
	if !errors.As(err, &typed) || typed.Reason != "TOPIC_NOT_FOUND" || typed.Retriable || errors.Is(err, onceport.ErrFenced) {
		t.Fatalf("got %v", err)
	}
}
