package onceport

import (
	"crypto/rand"
	"fmt"

	onceportv1 "onceport.dev/sdk-go/gen/onceport/v1"
)

// Record is one record to write. A nil Partition lets the gateway pick as Kafka's default
// partitioner would; an empty MessageID lets it derive "<idempotency key>/<index>".
type Record struct {
	Topic     string
	Partition *int32
	Key       []byte
	Value     []byte
	Headers   map[string][]byte
	MessageID string
}

// Partition is a helper for Record.Partition.
func Partition(p int32) *int32 { return &p }

// RecordResult is where a record landed.
type RecordResult struct {
	Topic     string
	Partition int32
	Offset    int64
	MessageID string
}

// PublishResult is a committed publish: where each record landed, in order. Duplicate is
// true when the key was published before: nothing was written, the results are the first's.
type PublishResult struct {
	IdempotencyKey string
	Results        []RecordResult
	Duplicate      bool
}

func toProtos(records []Record) []*onceportv1.Record {
	out := make([]*onceportv1.Record, len(records))
	for i, r := range records {
		m := &onceportv1.Record{Topic: r.Topic, Value: r.Value, MessageId: r.MessageID, Partition: r.Partition}
		if r.Key != nil {
			m.Key = r.Key
		}
		for k, v := range r.Headers {
			m.Headers = append(m.Headers, &onceportv1.Header{Key: k, Value: v})
		}
		out[i] = m
	}
	return out
}

func resultsFrom(messages []*onceportv1.RecordResult) []RecordResult {
	out := make([]RecordResult, len(messages))
	for i, m := range messages {
		out[i] = RecordResult{Topic: m.GetTopic(), Partition: m.GetPartition(), Offset: m.GetOffset(), MessageID: m.GetMessageId()}
	}
	return out
}

// newKey is a random (version 4) UUID, the idempotency key of a publish that names none.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
